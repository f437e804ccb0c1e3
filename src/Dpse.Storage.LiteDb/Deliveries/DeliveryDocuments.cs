using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Dpse.Storage.LiteDb.Mapping;
using LiteDB;

namespace Dpse.Storage.LiteDb.Deliveries;

/// <summary>Outbox records as documents of collection <c>deliveries</c>, keyed by the delivery key; mapped by hand.</summary>
internal static class DeliveryDocuments
{
    public const string Collection = "deliveries";

    public static void EnsureIndexes(LiteDatabase db)
    {
        var deliveries = db.GetCollection(Collection);
        deliveries.EnsureIndex("subject", "$.subject");
        deliveries.EnsureIndex("status", "$.status");
    }

    public static BsonDocument ToDocument(DeliveryRecord r) => new()
    {
        ["_id"] = r.Key,
        ["kind"] = Bson.Name(r.Kind),
        ["subject"] = r.Subject,
        ["target"] = Target(r.Target),
        ["dueAt"] = Bson.Instant(r.DueAt),
        ["periodStart"] = Bson.Instant(r.PeriodStart),
        ["periodEnd"] = Bson.Instant(r.PeriodEnd),
        ["eventNumber"] = r.EventNumber is { } n ? new BsonValue(n) : BsonValue.Null,
        ["eventStart"] = Bson.Instant(r.EventStart),
        ["previousEventStart"] = Bson.Instant(r.PreviousEventStart),
        ["offset"] = r.Offset is { } o ? Bson.Ticks(o) : BsonValue.Null,
        ["note"] = Bson.Text(r.Note),
        ["status"] = Bson.Name(r.Status),
        ["attempts"] = r.Attempts,
        ["nextAttemptAt"] = Bson.Instant(r.NextAttemptAt),
        ["attemptStartedAt"] = Bson.Instant(r.AttemptStartedAt),
        ["messageId"] = Bson.Text(r.MessageId),
        ["error"] = Bson.Text(r.Error),
        ["late"] = r.Late,
        ["createdAt"] = Bson.Instant(r.CreatedAt),
        ["updatedAt"] = Bson.Instant(r.UpdatedAt),
    };

    public static DeliveryRecord ToRecord(BsonDocument d) => new()
    {
        Key = d["_id"].AsString,
        Kind = Bson.ToEnum<DeliveryKind>(d["kind"]),
        Subject = d["subject"].AsString,
        Target = ToTarget(d["target"]),
        DueAt = Bson.ToInstant(d["dueAt"]),
        PeriodStart = Bson.ToNullableInstant(d["periodStart"]),
        PeriodEnd = Bson.ToNullableInstant(d["periodEnd"]),
        EventNumber = d["eventNumber"].IsNull ? null : d["eventNumber"].AsInt32,
        EventStart = Bson.ToNullableInstant(d["eventStart"]),
        PreviousEventStart = Bson.ToNullableInstant(d["previousEventStart"]),
        Offset = d["offset"].IsNull ? null : Bson.ToTimeSpan(d["offset"]),
        Note = Bson.ToText(d["note"]),
        Status = Bson.ToEnum<DeliveryStatus>(d["status"]),
        Attempts = d["attempts"].AsInt32,
        NextAttemptAt = Bson.ToNullableInstant(d["nextAttemptAt"]),

        // Absent in records written before it existed: no unconfirmed attempt.
        AttemptStartedAt = d.TryGetValue("attemptStartedAt", out var started) ? Bson.ToNullableInstant(started) : null,
        MessageId = Bson.ToText(d["messageId"]),
        Error = Bson.ToText(d["error"]),
        Late = d["late"].AsBoolean,
        CreatedAt = Bson.ToInstant(d["createdAt"]),
        UpdatedAt = Bson.ToInstant(d["updatedAt"]),
    };

    private static BsonValue Target(DeliveryTarget? target) => target switch
    {
        ChannelTarget c => new BsonDocument { ["kind"] = "channel", ["platform"] = c.Channel.Platform, ["workspace"] = c.Channel.Workspace, ["id"] = c.Channel.ChannelId },
        DirectTarget p => new BsonDocument { ["kind"] = "dm", ["platform"] = p.Person.Platform, ["workspace"] = p.Person.Workspace, ["id"] = p.Person.UserId },
        _ => BsonValue.Null,
    };

    private static DeliveryTarget? ToTarget(BsonValue value)
    {
        if (value.IsNull)
        {
            return null;
        }

        var doc = value.AsDocument;
        var (platform, workspace, id) = (doc["platform"].AsString, doc["workspace"].AsString, doc["id"].AsString);
        return doc["kind"].AsString == "dm"
            ? new DirectTarget(new ActorRef(platform, workspace, id))
            : new ChannelTarget(new ChannelRef(platform, workspace, id));
    }
}
