using System.Globalization;
using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Commands;
using Dpse.Core.Events;
using Dpse.Core.Exporting;
using Dpse.Core.Messages;
using Dpse.Core.Stories;
using Dpse.Core.Time;
using Dpse.Core.Writes;

namespace Dpse.Core.Moderation;

/// <summary>The <c>mod</c> commands: hide, restore, audit, export. The router lets only moderators reach them.</summary>
public sealed class ModerationCommands(IStoryStore stories, IEventStore events, IChannelSettingsStore channels, IAuditLog audit, TimeProvider time)
{
    /// <summary>Audit entries shown when no limit is given.</summary>
    public const int DefaultAuditLimit = 15;

    /// <summary>One handler per moderation command.</summary>
    public IEnumerable<ICommandHandler> Handlers() =>
    [
        new CommandHandler(CommandCatalogue.ModHide, (i, ct) => SetStatusAsync(i, ContentStatus.Hidden, ct)),
        new CommandHandler(CommandCatalogue.ModRestore, (i, ct) => SetStatusAsync(i, ContentStatus.Published, ct)),
        new CommandHandler(CommandCatalogue.ModAudit, AuditAsync),
        new CommandHandler(CommandCatalogue.ModExport, ExportAsync),
    ];

    private async Task<Reply> SetStatusAsync(CommandInvocation invocation, ContentStatus status, CancellationToken cancellationToken)
    {
        var item = invocation.Get(CommandOptions.Item)!;
        var now = time.UtcNowMs();
        var action = status == ContentStatus.Hidden ? "hide" : "restore";
        // Only mod hide declares a reason; reading it for mod restore would be a read of an undeclared option.
        var entry = invocation.Audit(now, $"mod.{action}", item.Id, status == ContentStatus.Hidden ? invocation.Get(CommandOptions.Reason) : null);
        string? title;
        WriteStatus outcome;
        if (item.Kind == ContentKind.Story)
        {
            var result = await stories.SetStatusAsync(item.Number, status, now, entry, cancellationToken);
            (outcome, title) = (result.Status, result.Value?.Title);
        }
        else
        {
            var result = await events.SetStatusAsync(item.Number, status, now, entry, cancellationToken);
            (outcome, title) = (result.Status, result.Value?.Title);
        }

        switch (outcome)
        {
            case WriteStatus.NotFound:
                return Reply.Error($"{item.Id} was not found.");
            case WriteStatus.Unchanged:
                return Reply.Error($"{item.Id} is already {Word(status)}.");
        }

        var effect = status == ContentStatus.Hidden
            ? "Members no longer see it in search, lists or digests."
            : "Members can see it again.";
        return Reply.Private(Message.Line($"{(status == ContentStatus.Hidden ? "Hid" : "Restored")} {item.Id} · {title}. {effect}", Tone.Success));
    }

    private async Task<Reply> AuditAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var target = invocation.Get(CommandOptions.Item)?.Id;
        var limit = (int)(invocation.Get(CommandOptions.Limit) ?? DefaultAuditLimit);
        var entries = await audit.ListAsync(target, limit, cancellationToken);
        var header = target is null ? "Latest changes" : $"Changes to {target}";
        if (entries.Count == 0)
        {
            return Reply.Private(Message.Simple(header, "No changes recorded."));
        }

        var spans = new List<TextSpan>();
        foreach (var entry in entries)
        {
            if (spans.Count > 0)
            {
                spans.Add(LineBreakSpan.Instance);
            }

            spans.Add(new CodeSpan(entry.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
            spans.Add(new PlainSpan($" {entry.Action} {entry.Target} by {entry.ActorName} ({entry.Actor.Platform})"));
            if (entry.Detail is { Length: > 0 } detail)
            {
                spans.Add(new PlainSpan($": {StoryCards.Shorten(detail, 120)}"));
            }
        }

        return Reply.Private(new Message([new HeaderBlock(header), new TextBlock(spans), ContextBlock.Plain("Times in UTC, newest first.")]) { FallbackText = header });
    }

    private async Task<Reply> ExportAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var now = time.UtcNowMs();
        var export = new ExchangeExport
        {
            ExportedAt = now,
            Stories = await stories.ListAllAsync(cancellationToken),
            Events = await events.ListAllAsync(cancellationToken),
            Channels = await channels.ListActiveAsync(cancellationToken),
        };
        await audit.AppendAsync(invocation.Audit(now, "mod.export", "exchange", $"{Plural.Count(export.Stories.Count, "story", "stories")}, {Plural.Count(export.Events.Count, "event")}"), cancellationToken);
        var name = ExportNames.Make("dpse-export", now);
        return new Reply(Message.Line($"Export of {Plural.Count(export.Stories.Count, "story", "stories")} and {Plural.Count(export.Events.Count, "event")}: {name}. It includes the real organisations of anonymised stories: keep it private."), Visibility.OnlyInvoker)
        {
            Attachment = new Attachment(name, (stream, ct) => ExchangeJson.WriteAsync(stream, export, ct)),
        };
    }

    private static string Word(ContentStatus status) => status switch
    {
        ContentStatus.Hidden => "hidden",
        ContentStatus.Deleted => "deleted",
        _ => "visible",
    };
}
