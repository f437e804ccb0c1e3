using Dpse.Core.Channels;
using Dpse.Core.Events;
using Dpse.Core.Privacy;
using Dpse.Core.Stories;
using NodaTime;

namespace Dpse.Core.Commands;

/// <summary>
/// The typed options of the catalogue, declared once: <see cref="CommandCatalogue"/> lists them in its commands (some
/// made required, positional or described for that command), and handlers read them with
/// <c>invocation.Get(CommandOptions.Title)</c>. The type is fixed here, so a handler cannot read an option as another
/// type; reading one its command does not declare (or declares as another type under the same name) throws, which the
/// router reports as a bug with a reference id.
/// </summary>
public static class CommandOptions
{
    /// <summary>The most items in a word list (tags, modules, sectors, outcomes).</summary>
    public const int MaxListItems = 15;

    /// <summary>The longest single word of a list (a tag, a module, a sector).</summary>
    public const int MaxListItemLength = 40;

    /// <summary>The most links a story carries.</summary>
    public const int MaxLinks = 5;

    /// <summary>The longest event.</summary>
    public static readonly TimeSpan MaxEventDuration = TimeSpan.FromDays(7);

    /// <summary><c>help</c>: the command asked about.</summary>
    public static readonly Option<string> Command = Option.Text("command", "A command, e.g. story share", 40);

    /// <summary>A story's outcome, or the outcome to filter by.</summary>
    public static readonly Option<StoryOutcome> Outcome = Option.Choice<StoryOutcome>("outcome", "How it turned out");

    /// <summary>A story's or an event's title.</summary>
    public static readonly Option<string> Title = Option.Text("title", "One-line title", 120);

    /// <summary>A story's summary.</summary>
    public static readonly Option<string> Summary = Option.LongText("summary", "What the project was, in a few sentences", 1000);

    /// <summary>A story's lessons.</summary>
    public static readonly Option<string> Lessons = Option.LongText("lessons", "What you learned or would do differently", 2000);

    /// <summary>A story's context.</summary>
    public static readonly Option<string> Context = Option.LongText("context", "The situation before the project", 1500);

    /// <summary>What happened in a story.</summary>
    public static readonly Option<string> Happened = Option.LongText("happened", "What happened", 2000);

    /// <summary>A story's organisation, or the organisation to filter by.</summary>
    public static readonly Option<string> Org = Option.Text("org", "Organisation", 120);

    /// <summary>Whether a story names its organisation.</summary>
    public static readonly Option<Attribution> Attribution = Option.Choice<Attribution>("attribution", "named shows the organisation; anonymised hides it from others");

    /// <summary>How an anonymised organisation is described.</summary>
    public static readonly Option<string> OrgType = Option.Text("org-type", "How an anonymised organisation is described, e.g. \"a district council\"", 80);

    /// <summary>A story's sector, or the sector to filter by.</summary>
    public static readonly Option<string> Sector = Option.Text("sector", "Sector, e.g. local government, health, education", 60).Autocompleted();

    /// <summary>A story's Drupal version.</summary>
    public static readonly Option<string> Drupal = Option.Text("drupal", "Drupal version, e.g. 10", 20);

    /// <summary>A story's Drupal modules.</summary>
    public static readonly Option<IReadOnlyList<string>> Modules = Option.List("modules", "Drupal modules, comma-separated", 300, MaxListItems, MaxListItemLength);

    /// <summary>A story's tags, or the tags a digest keeps.</summary>
    public static readonly Option<IReadOnlyList<string>> Tags = Option.List("tags", "Tags, comma-separated", 200, MaxListItems, MaxListItemLength);

    /// <summary>A story's links.</summary>
    public static readonly Option<IReadOnlyList<string>> Links = Option.LinkList("links", "http/https links, comma-separated", 600, MaxLinks);

    /// <summary>The tag to filter stories by.</summary>
    public static readonly Option<string> Tag = Option.Text("tag", "Only stories with this tag", 40).Autocompleted();

    /// <summary>Words to search stories for.</summary>
    public static readonly Option<string> Query = Option.Text("query", "Words to look for", 200);

    /// <summary>A page of a list. Any page a list can show is accepted ("Page 1 of 6000" means page:6000 works); past the end is answered by the handler.</summary>
    public static readonly Option<long> Page = Option.Integer("page", "Page number", 1, Search.StorySearchIndex.MaxNumber);

    /// <summary>The story a command acts on.</summary>
    public static readonly Option<int> Story = Option.StoryId("story", "The story, e.g. S-12").Required().Positional().Autocompleted();

    /// <summary>The event a command acts on.</summary>
    public static readonly Option<int> Event = Option.EventId("event", "The event, e.g. E-3").Required().Positional().Autocompleted();

    /// <summary>An event's local start.</summary>
    public static readonly Option<LocalDateTime> Start = Option.DateTime("start", "Local start, yyyy-mm-dd hh:mm");

    /// <summary>The time zone of an event's start or of a digest's time.</summary>
    public static readonly Option<DateTimeZone> Tz = Option.TimeZone("tz", "IANA time zone, e.g. Europe/London");

    /// <summary>How long an event lasts.</summary>
    public static readonly Option<TimeSpan> Duration = Option.Duration("duration", "How long, e.g. 90m or 2h", MaxEventDuration);

    /// <summary>Where an event takes place.</summary>
    public static readonly Option<string> Where = Option.Text("where", "Place or http/https link", 300);

    /// <summary>What an event is about.</summary>
    public static readonly Option<string> Description = Option.LongText("description", "What it is about", 1500);

    /// <summary>An event's reminder offsets.</summary>
    public static readonly Option<IReadOnlyList<TimeSpan>> Reminders = Option.DurationList("reminders", "Reminder offsets before the start, e.g. 24h,1h", 40, Dpse.Core.Time.OptionParsers.MaxReminderOffsets, Dpse.Core.Time.OptionParsers.MaxReminderOffset);

    /// <summary>Why a moderator or an organiser did something.</summary>
    public static readonly Option<string> Reason = Option.Text("reason", "Why, for the audit log", 200);

    /// <summary>An RSVP answer.</summary>
    public static readonly Option<RsvpStatus> Answer = Option.Choice<RsvpStatus>("answer", "Your answer");

    /// <summary>A digest's day, Monday first.</summary>
    public static readonly Option<DayOfWeek> Day = Option.Choice("day", "Day of the week",
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday);

    /// <summary>A digest's local time.</summary>
    public static readonly Option<LocalTime> Time = Option.TimeOfDay("time", "Local time, hh:mm");

    /// <summary>The sectors a digest keeps.</summary>
    public static readonly Option<IReadOnlyList<string>> Sectors = Option.List("sectors", "Only stories from these sectors", 200, MaxListItems, MaxListItemLength);

    /// <summary>The outcomes a digest keeps, as words (each one of <see cref="StoryOutcome"/>'s choice names).</summary>
    public static readonly Option<IReadOnlyList<string>> Outcomes = Option.List("outcomes", "Only these outcomes, e.g. failure,abandoned", 60, MaxListItems, MaxListItemLength);

    /// <summary>Where <c>reminders on|off</c> applies.</summary>
    public static readonly Option<ReminderTarget> ReminderWhere = Option.Choice<ReminderTarget>("where", "channel (moderators) or dm (you)").Positional();

    /// <summary>The story or event a moderation command acts on.</summary>
    public static readonly Option<ContentRef> Item = Option.ContentId("item", "S-n or E-n").Positional();

    /// <summary>How many audit entries to show.</summary>
    public static readonly Option<long> Limit = Option.Integer("limit", "How many entries", 1, 50);

    /// <summary>The go-ahead of <c>me forget</c>.</summary>
    public static readonly Option<Confirmation> Confirm = Option.Choice<Confirmation>("confirm", "Type confirm:yes to go ahead");
}
