using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dpse.Core.Audit;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Stories;
using Xunit;

namespace Dpse.Testing.Contracts;

/// <summary>People, instants and drafts the contracts share, and a field-by-field comparison for stored records.</summary>
public static class ContractData
{
    private static readonly JsonSerializerOptions CompareOptions = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(), new UtcInstantConverter() },
    };

    /// <summary>A member on Slack.</summary>
    public static ActorRef Ann { get; } = new(Platforms.Slack, "T0001", "U0ANN");

    /// <summary>A member on Discord.</summary>
    public static ActorRef Bob { get; } = new(Platforms.Discord, "900000000000000001", "800000000000000002");

    /// <summary>A moderator in the shell.</summary>
    public static ActorRef Mo { get; } = new(Platforms.Shell, "", "mo");

    /// <summary>Ann as a viewer.</summary>
    public static Actor AnnViewer { get; } = new(Ann, "Ann Example", false);

    /// <summary>Bob as a viewer.</summary>
    public static Actor BobViewer { get; } = new(Bob, "Bob Example", false);

    /// <summary>Mo as a viewer (a moderator).</summary>
    public static Actor Moderator { get; } = new(Mo, "Mo Derator", true);

    /// <summary>A channel on Slack.</summary>
    public static ChannelRef SlackChannel { get; } = new(Platforms.Slack, "T0001", "C0GENERAL");

    /// <summary>A channel on Discord.</summary>
    public static ChannelRef DiscordChannel { get; } = new(Platforms.Discord, "900000000000000001", "700000000000000003");

    /// <summary>A UTC instant in November 2026 with milliseconds.</summary>
    public static DateTimeOffset Day(int day, int hour = 9, int minute = 0, int millisecond = 0) =>
        new(2026, 11, day, hour, minute, 0, millisecond, TimeSpan.Zero);

    /// <summary>An audit entry by <paramref name="actor"/>.</summary>
    public static AuditEntry AuditBy(ActorRef actor, string action, string target = "", DateTimeOffset? at = null, string? detail = null) =>
        new(at ?? Day(20), actor, actor.UserId, action, target, detail);

    /// <summary>A minimal published story by <paramref name="author"/>.</summary>
    public static Story Story(string title, DateTimeOffset created, ActorRef? author = null, string summary = "A summary.") => new()
    {
        Outcome = StoryOutcome.Success,
        Title = title,
        Summary = summary,
        Author = author ?? Ann,
        AuthorName = (author ?? Ann).UserId,
        CreatedAt = created,
        UpdatedAt = created,
    };

    /// <summary>A story with every field set, lists and nullable fields included.</summary>
    public static Story FullStory() => new()
    {
        Number = 99,
        Outcome = StoryOutcome.Abandoned,
        Title = "Search rebuild stalled",
        Summary = "We tried to replace Search API Solr with a hosted service.",
        Context = "A district council with 40k pages.",
        WhatHappened = "The index drifted; \"quotes\", <angles> & ampersands survived.",
        Lessons = "Budget for content clean-up first.",
        Organisation = "Anytown Council",
        OrganisationDescription = "a district council",
        Attribution = Attribution.Anonymised,
        Sector = "local government",
        DrupalVersion = "10",
        Modules = ["search_api", "search_api_solr"],
        Tags = ["search", "solr"],
        Links = ["https://example.org/a", "http://example.org/b"],
        Author = Ann,
        AuthorName = "Ann Example",
        Origin = SlackChannel,
        CreatedAt = Day(2, 9, 30, 123),
        UpdatedAt = Day(3, 10, 45, 456),
        Celebrations = [new Celebration(Bob, Day(4, 11, 0, 789)), new Celebration(Mo, Day(5, 12, 1, 1))],
        Status = ContentStatus.Hidden,
        IsSample = true,
    };

    /// <summary>A minimal event starting at <paramref name="start"/>.</summary>
    public static CommunityEvent Event(string title, DateTimeOffset start, ActorRef? organiser = null) => new()
    {
        Title = title,
        StartUtc = start,
        LocalStart = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        TimeZone = "Etc/UTC",
        Organiser = organiser ?? Ann,
        OrganiserName = (organiser ?? Ann).UserId,
        CreatedAt = Day(1),
        UpdatedAt = Day(1),
    };

    /// <summary>An event with every field set.</summary>
    public static CommunityEvent FullEvent() => new()
    {
        Number = 42,
        Title = "Open Councils",
        Description = "A meetup for council Drupal teams.",
        StartUtc = Day(3, 14, 0),
        LocalStart = "2026-11-03T14:00",
        TimeZone = "Europe/London",
        Duration = TimeSpan.FromMinutes(90),
        Location = "https://example.org/meet",
        Organiser = Bob,
        OrganiserName = "Bob Example",
        Origin = DiscordChannel,
        ReminderOffsets = [TimeSpan.FromHours(24), TimeSpan.FromMinutes(15)],
        Cancelled = true,
        Status = ContentStatus.Hidden,
        Rsvps = [new Rsvp(Ann, "Ann Example", RsvpStatus.Going, Day(2, 8, 0, 5)), new Rsvp(Mo, "Mo", RsvpStatus.NotGoing, Day(2, 8, 1, 6))],
        CreatedAt = Day(1, 7, 0, 321),
        UpdatedAt = Day(2, 7, 30, 654),
    };

    /// <summary>Asserts two records hold the same data: every field, lists element by element, instants as UTC instants.</summary>
    public static void AssertSame<T>(T expected, T actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(JsonSerializer.Serialize(expected, CompareOptions), JsonSerializer.Serialize(actual, CompareOptions));
    }

    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
    }
}
