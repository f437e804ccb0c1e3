using System.Globalization;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Sending;

namespace Dpse.Bot.Shell;

/// <summary>Posts for the shell platform by printing them, so digests and reminders can be seen without Discord or Slack.</summary>
public sealed class ShellMessageSender(ShellConsole console) : IMessageSender
{
    private int _sent;

    /// <inheritdoc />
    public string Platform => Platforms.Shell;

    /// <inheritdoc />
    public Task<SendResult> SendAsync(SendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (target, message) = (request.Target, request.Message);
        var where = target switch
        {
            ChannelTarget channel => $"#{channel.Channel.ChannelId}",
            DirectTarget person => $"DM to {person.Person.UserId}",
            _ => target.Key,
        };
        console.WriteLine($"[posted to {where}]\n{PlainTextRenderer.Render(message)}");
        var id = Interlocked.Increment(ref _sent);
        return Task.FromResult(SendResult.Sent($"shell-{id.ToString(CultureInfo.InvariantCulture)}"));
    }
}
