using Dpse.Core.Sending;

namespace Dpse.Testing.Scheduling;

/// <summary>
/// A sender for one platform that records what it was asked to post. With <see cref="HonoursNonce"/> it behaves like
/// Discord with <c>enforce_nonce</c>: a second send with the same delivery key returns the first message id and posts
/// nothing. <see cref="Respond"/> scripts failures per target.
/// </summary>
public sealed class RecordingMessageSender(string platform, TimeProvider? time = null) : IMessageSender
{
    private readonly Lock _gate = new();
    private readonly List<SentMessage> _calls = [];
    private readonly Dictionary<string, string> _byKey = new(StringComparer.Ordinal);
    private int _next;

    /// <inheritdoc />
    public string Platform { get; } = platform;

    /// <summary>Deduplicate by delivery key, like Discord's nonce.</summary>
    public bool HonoursNonce { get; init; }

    /// <summary>Decides the outcome per call; null or a null result posts the message.</summary>
    public Func<DeliveryTarget, string, SendResult?>? Respond { get; set; }

    /// <summary>Called before each send; may throw or wait (a crash in the middle of a fan-out).</summary>
    public Func<DeliveryTarget, string, CancellationToken, Task>? BeforeSend { get; set; }

    /// <summary>Every request as the outbox made it (deadline, unconfirmed earlier attempt).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<SendRequest> Requests { get; } = new();

    /// <summary>Every call, posted or not.</summary>
    public IReadOnlyList<SentMessage> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>What people saw: posted messages only, one per accepted send (nonce duplicates excluded).</summary>
    public IReadOnlyList<SentMessage> Posted
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls.Where(c => c.Posted)];
            }
        }
    }

    private DateTimeOffset Now => (time ?? TimeProvider.System).GetUtcNow();

    /// <summary>Messages posted to one target.</summary>
    public IReadOnlyList<SentMessage> PostedTo(DeliveryTarget target) => [.. Posted.Where(p => p.Target == target)];

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(SendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (target, message, deliveryKey) = (request.Target, request.Message, request.DeliveryKey);
        Requests.Enqueue(request);
        if (BeforeSend is { } before)
        {
            await before(target, deliveryKey, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (Respond?.Invoke(target, deliveryKey) is { Status: not SendStatus.Sent } failure)
            {
                _calls.Add(new SentMessage(target, message, deliveryKey, Posted: false, Now));
                return failure;
            }

            if (HonoursNonce && _byKey.TryGetValue(deliveryKey, out var earlier))
            {
                _calls.Add(new SentMessage(target, message, deliveryKey, Posted: false, Now));
                return SendResult.Sent(earlier);
            }

            var id = $"{Platform}-msg-{++_next}";
            _byKey[deliveryKey] = id;
            _calls.Add(new SentMessage(target, message, deliveryKey, Posted: true, Now));
            return SendResult.Sent(id);
        }
    }
}
