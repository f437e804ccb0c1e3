namespace Dpse.Core.Commands;

/// <summary>
/// Every command of the exchange, declared once. Discord renders these to application commands, Slack and the
/// shell parse text against them, and <c>help</c> and the README's command reference are generated from them.
/// </summary>
public static class CommandCatalogue
{
    /// <summary>Outcomes as typed by people.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["success", "partial", "failure", "abandoned"];

    /// <summary>Attribution as typed by people.</summary>
    public static readonly IReadOnlyList<string> Attributions = ["named", "anonymised"];

    /// <summary>RSVP answers as typed by people.</summary>
    public static readonly IReadOnlyList<string> RsvpAnswers = ["going", "interested", "not-going"];

    /// <summary>Days as typed by people.</summary>
    public static readonly IReadOnlyList<string> Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>The most items in a word list (tags, modules, sectors, outcomes).</summary>
    public const int MaxListItems = 15;

    /// <summary>The longest single word of a list (a tag, a module, a sector).</summary>
    public const int MaxListItemLength = 40;

    /// <summary>The most links a story carries.</summary>
    public const int MaxLinks = 5;

    /// <summary>The longest event.</summary>
    public static readonly TimeSpan MaxEventDuration = TimeSpan.FromDays(7);

    // Shared option shapes, so share and edit accept exactly the same fields.
    private static OptionSpec Outcome(bool required) => new("outcome", OptionKind.Choice, "How it turned out") { Choices = Outcomes, Required = required };

    private static OptionSpec StoryRef(string description) => new("story", OptionKind.StoryId, description) { Required = true, Positional = true, Autocomplete = true, MaxLength = 12 };

    private static OptionSpec EventRef(string description) => new("event", OptionKind.EventId, description) { Required = true, Positional = true, Autocomplete = true, MaxLength = 12 };

    // Any page a list can show is accepted ("Page 1 of 6000" means page:6000 works); past the end is answered by the handler.
    private static OptionSpec Page() => new("page", OptionKind.Integer, "Page number") { Min = 1, Max = Search.StorySearchIndex.MaxNumber };

    private static List<OptionSpec> StoryFields(bool forShare) =>
    [
        Outcome(forShare),
        new("title", OptionKind.Text, "One-line title") { Required = forShare, MaxLength = 120 },
        new("summary", OptionKind.LongText, "What the project was, in a few sentences") { Required = forShare, MaxLength = 1000 },
        new("lessons", OptionKind.LongText, "What you learned or would do differently") { MaxLength = 2000 },
        new("context", OptionKind.LongText, "The situation before the project") { MaxLength = 1500 },
        new("happened", OptionKind.LongText, "What happened") { MaxLength = 2000 },
        new("org", OptionKind.Text, "Organisation") { MaxLength = 120 },
        new("attribution", OptionKind.Choice, "named shows the organisation; anonymised hides it from others") { Choices = Attributions },
        new("org-type", OptionKind.Text, "How an anonymised organisation is described, e.g. \"a district council\"") { MaxLength = 80 },
        new("sector", OptionKind.Text, "Sector, e.g. local government, health, education") { MaxLength = 60, Autocomplete = true },
        new("drupal", OptionKind.Text, "Drupal version, e.g. 10") { MaxLength = 20 },
        new("modules", OptionKind.List, "Drupal modules, comma-separated") { MaxItems = MaxListItems, MaxItemLength = MaxListItemLength, MaxLength = 300 },
        new("tags", OptionKind.List, "Tags, comma-separated") { MaxItems = MaxListItems, MaxItemLength = MaxListItemLength, MaxLength = 200, Autocomplete = true },
        new("links", OptionKind.LinkList, "http/https links, comma-separated") { MaxItems = MaxLinks, MaxLength = 600 },
    ];

    private static List<OptionSpec> StoryFilters() =>
    [
        Outcome(false),
        new("tag", OptionKind.Text, "Only stories with this tag") { MaxLength = 40, Autocomplete = true },
        new("sector", OptionKind.Text, "Only this sector") { MaxLength = 60, Autocomplete = true },
        new("org", OptionKind.Text, "Only this organisation") { MaxLength = 120 },
        Page(),
    ];

    private static List<OptionSpec> EventFields(bool forAdd) =>
    [
        new("title", OptionKind.Text, "Event title") { Required = forAdd, MaxLength = 120 },
        new("start", OptionKind.DateTime, "Local start, yyyy-mm-dd hh:mm") { Required = forAdd, MaxLength = 16 },
        new("tz", OptionKind.TimeZone, "IANA time zone of the start, e.g. Europe/London") { MaxLength = 64 },
        new("duration", OptionKind.Duration, "How long, e.g. 90m or 2h") { MaxDuration = MaxEventDuration, MaxLength = 10 },
        new("where", OptionKind.Text, "Place or http/https link") { MaxLength = 300 },
        new("description", OptionKind.LongText, "What it is about") { MaxLength = 1500 },
        new("reminders", OptionKind.DurationList, "Reminder offsets before the start, e.g. 24h,1h") { MaxItems = Time.OptionParsers.MaxReminderOffsets, MaxDuration = Time.OptionParsers.MaxReminderOffset, MaxLength = 40 },
    ];

    /// <summary><c>help</c>.</summary>
    public static readonly CommandSpec Help = new(new("help"), "How to use the exchange, or one command in detail",
        [new("command", OptionKind.Text, "A command, e.g. story share") { Positional = true, MaxLength = 40 }], Permission.Anyone);

    /// <summary><c>story share</c>.</summary>
    public static readonly CommandSpec StoryShare = new(new("story share"), "Share a project success or failure", StoryFields(forShare: true), Permission.Anyone,
        new FormSpec("Share a story", ["title", "summary", "lessons", "context", "happened"]));

    /// <summary><c>story show</c>.</summary>
    public static readonly CommandSpec StoryShow = new(new("story show"), "Show one story", [StoryRef("The story, e.g. S-12")], Permission.Anyone);

    /// <summary><c>story search</c>.</summary>
    public static readonly CommandSpec StorySearch = new(new("story search"), "Search stories by words, outcome, tag, sector or organisation",
        [new("query", OptionKind.Text, "Words to look for") { Positional = true, MaxLength = 200 }, .. StoryFilters()], Permission.Anyone);

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
    public static readonly CommandSpec EventList = new(new("event list"), "List upcoming events", [Page()], Permission.Anyone);

    /// <summary><c>event edit</c>.</summary>
    public static readonly CommandSpec EventEdit = new(new("event edit"), "Change an event you organise",
        [EventRef("The event to change"), .. EventFields(forAdd: false)], Permission.AuthorOrModerator);

    /// <summary><c>event cancel</c>.</summary>
    public static readonly CommandSpec EventCancel = new(new("event cancel"), "Cancel an event you organise",
        [EventRef("The event to cancel"), new("reason", OptionKind.Text, "Why, shown in the notice") { MaxLength = 200 }], Permission.AuthorOrModerator);

    /// <summary><c>event rsvp</c>.</summary>
    public static readonly CommandSpec EventRsvp = new(new("event rsvp"), "Answer an event: going, interested or not-going",
        [EventRef("The event"), new("answer", OptionKind.Choice, "Your answer") { Choices = RsvpAnswers, Required = true, Positional = true }], Permission.Anyone);

    /// <summary><c>digest subscribe</c>.</summary>
    public static readonly CommandSpec DigestSubscribe = new(new("digest subscribe"), "Post the weekly digest in this channel",
    [
        new("day", OptionKind.Choice, "Day of the week") { Choices = Days },
        new("time", OptionKind.TimeOfDay, "Local time, hh:mm") { MaxLength = 5 },
        new("tz", OptionKind.TimeZone, "IANA time zone, e.g. Europe/London") { MaxLength = 64 },
        new("tags", OptionKind.List, "Only stories with these tags") { MaxItems = MaxListItems, MaxItemLength = MaxListItemLength, MaxLength = 200 },
        new("sectors", OptionKind.List, "Only stories from these sectors") { MaxItems = MaxListItems, MaxItemLength = MaxListItemLength, MaxLength = 200 },
        new("outcomes", OptionKind.List, "Only these outcomes, e.g. failure,abandoned") { MaxItems = MaxListItems, MaxItemLength = MaxListItemLength, MaxLength = 60 },
    ], Permission.Moderator);

    /// <summary><c>digest unsubscribe</c>.</summary>
    public static readonly CommandSpec DigestUnsubscribe = new(new("digest unsubscribe"), "Stop the weekly digest in this channel", [], Permission.Moderator);

    /// <summary><c>digest preview</c>.</summary>
    public static readonly CommandSpec DigestPreview = new(new("digest preview"), "Show now what this channel's next digest would contain", [], Permission.Anyone);

    /// <summary><c>digest settings</c>.</summary>
    public static readonly CommandSpec DigestSettings = new(new("digest settings"), "Show this channel's digest and reminder settings", [], Permission.Anyone);

    /// <summary><c>reminders on</c>.</summary>
    public static readonly CommandSpec RemindersOn = new(new("reminders on"), "Event reminders in this channel, or as direct messages to you (dm)",
        [new("where", OptionKind.Choice, "channel (moderators) or dm (you)") { Choices = ["channel", "dm"], Positional = true }], Permission.Anyone)
    {
        WhoNote = "moderators (channel); anyone (dm)",
    };

    /// <summary><c>reminders off</c>.</summary>
    public static readonly CommandSpec RemindersOff = new(new("reminders off"), "Stop event reminders in this channel, or to you (dm)",
        [new("where", OptionKind.Choice, "channel (moderators) or dm (you)") { Choices = ["channel", "dm"], Positional = true }], Permission.Anyone)
    {
        WhoNote = "moderators (channel); anyone (dm)",
    };

    /// <summary><c>mod hide</c>.</summary>
    public static readonly CommandSpec ModHide = new(new("mod hide"), "Hide a story or event from members",
        [new("item", OptionKind.ContentId, "S-n or E-n") { Required = true, Positional = true, MaxLength = 12 }, new("reason", OptionKind.Text, "Why, for the audit log") { MaxLength = 200 }], Permission.Moderator);

    /// <summary><c>mod restore</c>.</summary>
    public static readonly CommandSpec ModRestore = new(new("mod restore"), "Restore a hidden or deleted story or event",
        [new("item", OptionKind.ContentId, "S-n or E-n") { Required = true, Positional = true, MaxLength = 12 }], Permission.Moderator);

    /// <summary><c>mod audit</c>.</summary>
    public static readonly CommandSpec ModAudit = new(new("mod audit"), "Show the latest changes, or those to one item",
        [new("item", OptionKind.ContentId, "S-n or E-n") { Positional = true, MaxLength = 12 }, new("limit", OptionKind.Integer, "How many entries") { Min = 1, Max = 50 }], Permission.Moderator);

    /// <summary><c>mod export</c>.</summary>
    public static readonly CommandSpec ModExport = new(new("mod export"), "Export every story and event as JSON", [], Permission.Moderator);

    /// <summary><c>me export</c>.</summary>
    public static readonly CommandSpec MeExport = new(new("me export"), "Everything the exchange holds about you, as JSON", [], Permission.Anyone);

    /// <summary><c>me forget</c>.</summary>
    public static readonly CommandSpec MeForget = new(new("me forget"), "Erase your RSVPs and settings and anonymise what you authored",
        [new("confirm", OptionKind.Choice, "Type confirm:yes to go ahead") { Choices = ["yes"] }], Permission.Anyone);

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
