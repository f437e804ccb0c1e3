using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Npgsql;

namespace Dpse.Storage.Postgres.Deliveries;

/// <summary>Outbox records as rows of table <c>deliveries</c>, mapped column by column.</summary>
internal static class DeliveryRows
{
    public const string Columns =
        "key, kind, subject, target_kind, target_platform, target_workspace, target_id, due_at, period_start, period_end, event_number, " +
        "event_start, previous_event_start, offset_ticks, note, status, attempts, next_attempt_at, message_id, error, late, created_at, updated_at, " +
        "attempt_started_at";

    /// <summary>The parameters @key … @updated of <see cref="Columns"/> (and @target_key).</summary>
    public static NpgsqlCommand WithRecord(this NpgsqlCommand command, DeliveryRecord r)
    {
        var (kind, platform, workspace, id) = r.Target switch
        {
            ChannelTarget c => ("channel", c.Channel.Platform, c.Channel.Workspace, c.Channel.ChannelId),
            DirectTarget p => ("dm", p.Person.Platform, p.Person.Workspace, p.Person.UserId),
            _ => ((string?)null, (string?)null, (string?)null, (string?)null),
        };
        return command
            .With("key", r.Key)
            .With("kind", r.Kind.ToString())
            .With("subject", r.Subject)
            .With("target_kind", kind)
            .With("target_platform", platform)
            .With("target_workspace", workspace)
            .With("target_id", id)
            .With("target_key", r.Target?.Key)
            .With("due_at", r.DueAt)
            .With("period_start", r.PeriodStart)
            .With("period_end", r.PeriodEnd)
            .With("event_number", r.EventNumber, NpgsqlTypes.NpgsqlDbType.Integer)
            .With("event_start", r.EventStart)
            .With("previous_event_start", r.PreviousEventStart)
            .With("offset_ticks", r.Offset?.Ticks, NpgsqlTypes.NpgsqlDbType.Bigint)
            .With("note", r.Note)
            .With("status", r.Status.ToString())
            .With("attempts", r.Attempts)
            .With("next_attempt_at", r.NextAttemptAt)
            .With("message_id", r.MessageId)
            .With("error", r.Error)
            .With("late", r.Late)
            .With("created_at", r.CreatedAt)
            .With("updated_at", r.UpdatedAt)
            .With("attempt_started_at", r.AttemptStartedAt);
    }

    public static DeliveryRecord Read(NpgsqlDataReader d) => new()
    {
        Key = d.GetString(0),
        Kind = Enum.Parse<DeliveryKind>(d.GetString(1)),
        Subject = d.GetString(2),
        Target = d.NullableString(3) switch
        {
            "channel" => new ChannelTarget(new ChannelRef(d.GetString(4), d.GetString(5), d.GetString(6))),
            "dm" => new DirectTarget(new ActorRef(d.GetString(4), d.GetString(5), d.GetString(6))),
            null => null,
            var other => throw new InvalidDataException($"Unknown delivery target kind '{other}'."),
        },
        DueAt = d.Instant(7),
        PeriodStart = d.NullableInstant(8),
        PeriodEnd = d.NullableInstant(9),
        EventNumber = d.IsDBNull(10) ? null : d.GetInt32(10),
        EventStart = d.NullableInstant(11),
        PreviousEventStart = d.NullableInstant(12),
        Offset = d.IsDBNull(13) ? null : TimeSpan.FromTicks(d.GetInt64(13)),
        Note = d.NullableString(14),
        Status = Enum.Parse<DeliveryStatus>(d.GetString(15)),
        Attempts = d.GetInt32(16),
        NextAttemptAt = d.NullableInstant(17),
        MessageId = d.NullableString(18),
        Error = d.NullableString(19),
        Late = d.GetBoolean(20),
        CreatedAt = d.Instant(21),
        UpdatedAt = d.Instant(22),
        AttemptStartedAt = d.NullableInstant(23),
    };
}
