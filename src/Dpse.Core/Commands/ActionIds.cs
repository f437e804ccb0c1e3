using System.Globalization;
using Dpse.Core.Events;
using Dpse.Core.Identity;

namespace Dpse.Core.Commands;

/// <summary>
/// Compact button ids (at most 100 characters, Discord's custom_id limit) and their way back to a command.
/// <c>dpse:celebrate:42</c>, <c>dpse:rsvp:3:going</c>, <c>dpse:show-story:42</c>, <c>dpse:show-event:3</c>,
/// <c>dpse:page:2:story search solr</c>.
/// </summary>
public static class ActionIds
{
    /// <summary>Every action id starts with this.</summary>
    public const string Prefix = "dpse:";

    /// <summary>Longest id any platform accepts.</summary>
    public const int MaxLength = 100;

    /// <summary>Celebrate a story.</summary>
    public static string Celebrate(int story) => $"{Prefix}celebrate:{story.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Answer an event.</summary>
    public static string Rsvp(int eventNumber, RsvpStatus status) => $"{Prefix}rsvp:{eventNumber.ToString(CultureInfo.InvariantCulture)}:{Answer(status)}";

    /// <summary>Open a story in full.</summary>
    public static string ShowStory(int story) => $"{Prefix}show-story:{story.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Another page of a search or list; null when the command text would not fit in an id.</summary>
    public static string? Page(int page, string commandText)
    {
        var id = $"{Prefix}page:{page.ToString(CultureInfo.InvariantCulture)}:{commandText}";
        return id.Length <= MaxLength ? id : null;
    }

    /// <summary>The RSVP answer as typed.</summary>
    public static string Answer(RsvpStatus status) => status switch
    {
        RsvpStatus.Going => "going",
        RsvpStatus.Interested => "interested",
        _ => "not-going",
    };

    /// <summary>
    /// Turns a button's id back into the command it stands for, as text for the parser (page) or as a request.
    /// Returns null for ids that are not ours or are malformed.
    /// </summary>
    public static CommandRequest? ToRequest(string actionId, Actor actor, ChannelRef place)
    {
        if (string.IsNullOrEmpty(actionId) || !actionId.StartsWith(Prefix, StringComparison.Ordinal) || actionId.Length > MaxLength)
        {
            return null;
        }

        var parts = actionId[Prefix.Length..].Split(':', 3);
        CommandRequest Make(CommandSpec spec, params (string Key, string Value)[] options) =>
            new(spec.Path, options.ToDictionary(o => o.Key, o => o.Value), actor, place) { FromButton = true };

        return parts switch
        {
            ["celebrate", var n] => Make(CommandCatalogue.StoryCelebrate, ("story", n)),
            ["show-story", var n] => Make(CommandCatalogue.StoryShow, ("story", n)),
            ["show-event", var n] => Make(CommandCatalogue.EventShow, ("event", n)),
            ["rsvp", var n, var answer] => Make(CommandCatalogue.EventRsvp, ("event", n), ("answer", answer)),
            _ => null,
        };
    }

    /// <summary>For <c>dpse:page:n:text</c> ids: the command text with <c>page:n</c> appended, else null.</summary>
    public static string? PageCommandText(string actionId)
    {
        if (!actionId.StartsWith(Prefix + "page:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = actionId[(Prefix.Length + 5)..].Split(':', 2);
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var page)
            ? $"{parts[1]} page:{page.ToString(CultureInfo.InvariantCulture)}"
            : null;
    }
}
