using System.Globalization;
using Dpse.Core.Channels;
using Dpse.Core.Members;
using Dpse.Core.Stories;
using LiteDB;

namespace Dpse.Storage.LiteDb.Mapping;

/// <summary>Channel and member settings ⇄ documents; <c>_id</c> is the channel's or person's key.</summary>
internal static class SettingsDocuments
{
    public static BsonDocument ToDocument(ChannelSettings settings) => new()
    {
        ["_id"] = settings.Channel.Key,
        ["channel"] = Bson.Channel(settings.Channel),
        ["digest"] = settings.Digest is not { } digest
            ? BsonValue.Null
            : new BsonDocument
            {
                ["day"] = Bson.Name(digest.Day),
                ["time"] = digest.Time.ToString("O", CultureInfo.InvariantCulture),
                ["timeZone"] = digest.TimeZone,
                ["tags"] = Bson.Texts(digest.Tags),
                ["sectors"] = Bson.Texts(digest.Sectors),
                ["outcomes"] = Bson.Texts(digest.Outcomes.Select(o => o.ToString())),
                ["since"] = Bson.Instant(digest.Since),
            },
        ["remindersOn"] = settings.RemindersOn,
        ["deliveryProblem"] = Bson.Text(settings.DeliveryProblem),
        ["deliveryProblemAt"] = Bson.Instant(settings.DeliveryProblemAt),
        ["updatedAt"] = Bson.Instant(settings.UpdatedAt),
        ["active"] = settings.Digest is not null || settings.RemindersOn,
    };

    public static ChannelSettings ToChannelSettings(BsonDocument doc)
    {
        var digest = doc["digest"];
        return new ChannelSettings
        {
            Channel = Bson.ToChannel(doc["channel"])!,
            Digest = digest.IsNull
                ? null
                : new DigestSubscription
                {
                    Day = Bson.ToEnum<DayOfWeek>(digest["day"]),
                    Time = TimeOnly.ParseExact(digest["time"].AsString, "O", CultureInfo.InvariantCulture),
                    TimeZone = digest["timeZone"].AsString,
                    Tags = Bson.ToTexts(digest["tags"]),
                    Sectors = Bson.ToTexts(digest["sectors"]),
                    Outcomes = [.. Bson.ToTexts(digest["outcomes"]).Select(Enum.Parse<StoryOutcome>)],
                    Since = Bson.ToInstant(digest["since"]),
                },
            RemindersOn = doc["remindersOn"].AsBoolean,
            DeliveryProblem = Bson.ToText(doc["deliveryProblem"]),
            DeliveryProblemAt = Bson.ToNullableInstant(doc["deliveryProblemAt"]),
            UpdatedAt = Bson.ToInstant(doc["updatedAt"]),
        };
    }

    public static BsonDocument ToDocument(MemberSettings settings) => new()
    {
        ["_id"] = settings.Person.Key,
        ["person"] = Bson.Person(settings.Person),
        ["reminderDirectMessages"] = settings.ReminderDirectMessages,
        ["updatedAt"] = Bson.Instant(settings.UpdatedAt),
    };

    public static MemberSettings ToMemberSettings(BsonDocument doc) =>
        new(Bson.ToPerson(doc["person"]), doc["reminderDirectMessages"].AsBoolean, Bson.ToInstant(doc["updatedAt"]));
}
