using O = Dpse.Core.Commands.CommandOptions;

namespace Dpse.Core.Commands;

/// <summary>
/// Every command of the exchange, declared once. Discord renders these to application commands, Slack and the
/// shell parse text against them, and <c>help</c> and the README's command reference are generated from them.
/// </summary>
public static class CommandCatalogue
{
    // Shared option shapes, so share and edit accept exactly the same fields. The options themselves (types, limits,
    // choices from the domain enums) are declared once in CommandOptions; handlers read them from there.
    private static OptionSpec StoryRef(string description) => O.Story.Described(description);

    private static OptionSpec EventRef(string description) => O.Event.Described(description);

    private static List<OptionSpec> StoryFields(bool forShare) =>
    [
        O.Outcome.Required(forShare),
        O.Title.Required(forShare),
        O.Summary.Required(forShare),
        O.Lessons,
        O.Context,
        O.Happened,
        O.Org,
        O.Attribution,
        O.OrgType,
        O.Sector,
        O.Drupal,
        O.Modules,
        O.Tags.Autocompleted(),
        O.Links,
    ];

    private static List<OptionSpec> StoryFilters() =>
    [
        O.Outcome,
        O.Tag,
        O.Sector.Described("Only this sector"),
        O.Org.Described("Only this organisation"),
        O.Page,
    ];

    private static List<OptionSpec> EventFields(bool forAdd) =>
    [
        O.Title.Described("Event title").Required(forAdd),
        O.Start.Required(forAdd),
        O.Tz.Described("IANA time zone of the start, e.g. Europe/London"),
        O.Duration,
        O.Where,
        O.Description,
        O.Reminders,
    ];

    /// <summary><c>help</c>.</summary>
    public static readonly CommandSpec Help = new(new("help"), "How to use the exchange, or one command in detail",
        [O.Command.Positional()], Permission.Anyone);

    /// <summary><c>story share</c>.</summary>
    public static readonly CommandSpec StoryShare = new(new("story share"), "Share a project success or failure", StoryFields(forShare: true), Permission.Anyone,
        new FormSpec("Share a story", ["title", "summary", "lessons", "context", "happened"]));

    /// <summary><c>story show</c>.</summary>
    public static readonly CommandSpec StoryShow = new(new("story show"), "Show one story", [StoryRef("The story, e.g. S-12")], Permission.Anyone);

    /// <summary><c>story search</c>.</summary>
    public static readonly CommandSpec StorySearch = new(new("story search"), "Search stories by words, outcome, tag, sector or organisation",
        [O.Query.Positional(), .. StoryFilters()], Permission.Anyone);

    /// <summary><c>story list</c>.</summary>
    public static readonly CommandSpec StoryList = new(new("story list"), "List the newest stories", StoryFilters(), Permission.Anyone);

    /// <summary><c>story edit</c>.</summary>
    public static readonly CommandSpec StoryEdit = new(new("story edit"), "Change a story you shared",
        [StoryRef("The story to change"), .. StoryFields(forShare: false)], Permission.AuthorOrModerator);

    /// <summary><c>story delete</c>.</summary>
    public static readonly CommandSpec StoryDelete = new(new("story delete"), "Delete a story you shared", [StoryRef("The story to delete")], Permission.AuthorOrModerator);

    /// <summary><c>story celebrate</c>.</summary>
    public static readonly CommandSpec StoryCelebrate = new(new("story celebrate"), "Celebrate a story (once per person)", [StoryRef("The story to celebrate")], Permission.Anyone);

    /// <summary><c>event add</c>.</summary>
    public static readonly CommandSpec EventAdd = new(new("event add"), "Add an event", EventFields(forAdd: true), Permission.Anyone,
        new FormSpec("Add an event", ["title", "start", "where", "description"]));

    /// <summary><c>event show</c>.</summary>
    public static readonly CommandSpec EventShow = new(new("event show"), "Show one event with its RSVPs", [EventRef("The event, e.g. E-3")], Permission.Anyone);

    /// <summary><c>event list</c>.</summary>
    public static readonly CommandSpec EventList = new(new("event list"), "List upcoming events", [O.Page], Permission.Anyone);

    /// <summary><c>event edit</c>.</summary>
    public static readonly CommandSpec EventEdit = new(new("event edit"), "Change an event you organise",
        [EventRef("The event to change"), .. EventFields(forAdd: false)], Permission.AuthorOrModerator);

    /// <summary><c>event cancel</c>.</summary>
    public static readonly CommandSpec EventCancel = new(new("event cancel"), "Cancel an event you organise",
        [EventRef("The event to cancel"), O.Reason.Described("Why, shown in the notice")], Permission.AuthorOrModerator);

    /// <summary><c>event rsvp</c>.</summary>
    public static readonly CommandSpec EventRsvp = new(new("event rsvp"), "Answer an event: going, interested or not-going",
        [EventRef("The event"), O.Answer.Required().Positional()], Permission.Anyone);

    /// <summary><c>digest subscribe</c>.</summary>
    public static readonly CommandSpec DigestSubscribe = new(new("digest subscribe"), "Post the weekly digest in this channel",
    [
        O.Day,
        O.Time,
        O.Tz,
        O.Tags.Described("Only stories with these tags"),
        O.Sectors,
        O.Outcomes,
    ], Permission.Moderator);

    /// <summary><c>digest unsubscribe</c>.</summary>
    public static readonly CommandSpec DigestUnsubscribe = new(new("digest unsubscribe"), "Stop the weekly digest in this channel", [], Permission.Moderator);

    /// <summary><c>digest preview</c>.</summary>
    public static readonly CommandSpec DigestPreview = new(new("digest preview"), "Show now what this channel's next digest would contain", [], Permission.Anyone);

    /// <summary><c>digest settings</c>.</summary>
    public static readonly CommandSpec DigestSettings = new(new("digest settings"), "Show this channel's digest and reminder settings", [], Permission.Anyone);

    /// <summary><c>reminders on</c>.</summary>
    public static readonly CommandSpec RemindersOn = new(new("reminders on"), "Event reminders in this channel, or as direct messages to you (dm)",
        [O.ReminderWhere], Permission.Anyone)
    {
        WhoNote = "moderators (channel); anyone (dm)",
    };

    /// <summary><c>reminders off</c>.</summary>
    public static readonly CommandSpec RemindersOff = new(new("reminders off"), "Stop event reminders in this channel, or to you (dm)",
        [O.ReminderWhere], Permission.Anyone)
    {
        WhoNote = "moderators (channel); anyone (dm)",
    };

    /// <summary><c>mod hide</c>.</summary>
    public static readonly CommandSpec ModHide = new(new("mod hide"), "Hide a story or event from members",
        [O.Item.Required(), O.Reason], Permission.Moderator);

    /// <summary><c>mod restore</c>.</summary>
    public static readonly CommandSpec ModRestore = new(new("mod restore"), "Restore a hidden or deleted story or event",
        [O.Item.Required()], Permission.Moderator);

    /// <summary><c>mod audit</c>.</summary>
    public static readonly CommandSpec ModAudit = new(new("mod audit"), "Show the latest changes, or those to one item",
        [O.Item, O.Limit], Permission.Moderator);

    /// <summary><c>mod export</c>.</summary>
    public static readonly CommandSpec ModExport = new(new("mod export"), "Export every story and event as JSON", [], Permission.Moderator);

    /// <summary><c>me export</c>.</summary>
    public static readonly CommandSpec MeExport = new(new("me export"), "Everything the exchange holds about you, as JSON", [], Permission.Anyone);

    /// <summary><c>me forget</c>.</summary>
    public static readonly CommandSpec MeForget = new(new("me forget"), "Erase your RSVPs and settings and anonymise what you authored",
        [O.Confirm], Permission.Anyone);

    /// <summary>Every command, in help order.</summary>
    public static readonly IReadOnlyList<CommandSpec> All =
    [
        Help,
        StoryShare, StoryShow, StorySearch, StoryList, StoryEdit, StoryDelete, StoryCelebrate,
        EventAdd, EventShow, EventList, EventEdit, EventCancel, EventRsvp,
        DigestSubscribe, DigestUnsubscribe, DigestPreview, DigestSettings,
        RemindersOn, RemindersOff,
        ModHide, ModRestore, ModAudit, ModExport,
        MeExport, MeForget,
    ];

    /// <summary>The command with this path, or null.</summary>
    public static CommandSpec? Find(string path)
    {
        var normalized = string.Join(' ', path.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        return All.FirstOrDefault(c => c.Path.Value == normalized);
    }
}
