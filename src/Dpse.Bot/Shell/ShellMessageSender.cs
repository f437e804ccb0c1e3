using System.Globalization;
using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Sending;

namespace Dpse.Bot.Shell;

/// <summary>
/// Posts for the shell platform by printing them, so digests and reminders can be seen without Discord or Slack.
/// A terminal session shows only what is its own: posts that fall due while it runs, and direct messages to the
/// person at the terminal. A post that fell due before the session started (a notice queued by an earlier run) is
/// recorded as delivered without being shown; a direct message to another shell user is refused. Posts that arrive
/// while a command runs are printed after its reply (see <see cref="ShellConsole.Post"/>).
/// </summary>
public sealed class ShellMessageSender(ShellConsole console, ShellIdentity identity, IDeliveryStore deliveries, TimeProvider time) : IMessageSender
{
    /// <summary>The message id recorded for a post that was not shown because it predates the session.</summary>
    public const string NotShown = "shell-not-shown";

    private readonly DateTimeOffset _sessionStart = time.GetUtcNow();
    private int _sent;

    /// <inheritdoc />
    public string Platform => Platforms.Shell;

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(SendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (target, message, deliveryKey) = (request.Target, request.Message, request.DeliveryKey);
        if (target is DirectTarget { Person: var person } && person != identity.Actor.Ref)
        {
            return SendResult.Permanent($"{person.UserId} is not the user at this terminal");
        }

        if (await deliveries.GetAsync(deliveryKey, cancellationToken) is { } record && record.DueAt < _sessionStart)
        {
            return SendResult.Sent(NotShown);
        }

        var where = target switch
        {
            ChannelTarget channel => $"#{channel.Channel.ChannelId}",
            DirectTarget dm => $"DM to {dm.Person.UserId}",
            _ => target.Key,
        };
        console.Post($"[posted to {where}]\n{PlainTextRenderer.Render(message)}");
        var id = Interlocked.Increment(ref _sent);
        return SendResult.Sent($"shell-{id.ToString(CultureInfo.InvariantCulture)}");
    }
}
