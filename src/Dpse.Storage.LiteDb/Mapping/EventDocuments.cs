using Dpse.Core.Events;
using Dpse.Core.Stories;
using LiteDB;

namespace Dpse.Storage.LiteDb.Mapping;

/// <summary>Event ⇄ document in collection <c>events</c>; <c>_id</c> is the event number, durations are ticks.</summary>
internal static class EventDocuments
{
    public static BsonDocument ToDocument(CommunityEvent e) => new()
    {
        ["_id"] = e.Number,
        ["title"] = e.Title,
        ["description"] = Bson.Text(e.Description),
        ["startUtc"] = Bson.Instant(e.StartUtc),
        ["localStart"] = e.LocalStart,
        ["timeZone"] = e.TimeZone,
        ["durationTicks"] = Bson.Ticks(e.Duration),
        ["location"] = Bson.Text(e.Location),
        ["organiser"] = Bson.Person(e.Organiser),
        ["organiserKey"] = e.Organiser.Key,
        ["organiserName"] = e.OrganiserName,
        ["origin"] = Bson.Channel(e.Origin),
        ["reminderOffsetTicks"] = e.ReminderOffsets is null ? BsonValue.Null : new BsonArray(e.ReminderOffsets.Select(Bson.Ticks)),
        ["cancelled"] = e.Cancelled,
        ["status"] = Bson.Name(e.Status),
        ["rsvps"] = new BsonArray(e.Rsvps.Select(r => new BsonDocument
        {
            ["person"] = Bson.Person(r.Person),
            ["personKey"] = r.Person.Key,
            ["displayName"] = r.DisplayName,
            ["status"] = Bson.Name(r.Status),
            ["at"] = Bson.Instant(r.At),
        })),
        ["createdAt"] = Bson.Instant(e.CreatedAt),
        ["updatedAt"] = Bson.Instant(e.UpdatedAt),
        ["version"] = e.Version,
    };

    public static CommunityEvent FromDocument(BsonDocument doc) => new()
    {
        Number = doc["_id"].AsInt32,
        Title = doc["title"].AsString,
        Description = Bson.ToText(doc["description"]),
        StartUtc = Bson.ToInstant(doc["startUtc"]),
        LocalStart = doc["localStart"].AsString,
        TimeZone = doc["timeZone"].AsString,
        Duration = Bson.ToTimeSpan(doc["durationTicks"]),
        Location = Bson.ToText(doc["location"]),
        Organiser = Bson.ToPerson(doc["organiser"]),
        OrganiserName = doc["organiserName"].AsString,
        Origin = Bson.ToChannel(doc["origin"]),
        ReminderOffsets = doc["reminderOffsetTicks"].IsArray ? [.. doc["reminderOffsetTicks"].AsArray.Select(Bson.ToTimeSpan)] : null,
        Cancelled = doc["cancelled"].AsBoolean,
        Status = Bson.ToEnum<ContentStatus>(doc["status"]),
        Rsvps = doc["rsvps"].IsArray
            ? [.. doc["rsvps"].AsArray.Select(r => new Rsvp(Bson.ToPerson(r["person"]), r["displayName"].AsString, Bson.ToEnum<RsvpStatus>(r["status"]), Bson.ToInstant(r["at"])))]
            : [],
        CreatedAt = Bson.ToInstant(doc["createdAt"]),
        UpdatedAt = Bson.ToInstant(doc["updatedAt"]),
        Version = Bson.ToVersion(doc["version"]),
    };
}
