using Dpse.Core.Messages;
using Dpse.Core.Sending;

namespace Dpse.Testing.Scheduling;

/// <summary>One call to a <see cref="RecordingMessageSender"/>; <see cref="Posted"/> is false for refused or deduplicated sends; <see cref="At"/> is the sender's clock.</summary>
public sealed record SentMessage(DeliveryTarget Target, Message Message, string DeliveryKey, bool Posted, DateTimeOffset At);
