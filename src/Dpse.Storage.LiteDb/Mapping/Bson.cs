using System.Globalization;
using Dpse.Core.Identity;
using LiteDB;

namespace Dpse.Storage.LiteDb.Mapping;

/// <summary>
/// The field-level conventions of the on-disk schema: instants as BSON dates in UTC with millisecond precision,
/// enums by name, people and channels as small sub-documents plus a flat key for indexes, absent or null for null.
/// </summary>
internal static class Bson
{
    public static BsonValue Instant(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond);
        return new BsonValue(new DateTime(ticks, DateTimeKind.Utc));
    }

    public static BsonValue Instant(DateTimeOffset? value) => value is { } v ? Instant(v) : BsonValue.Null;

    public static DateTimeOffset ToInstant(BsonValue value)
    {
        var date = value.AsDateTime;
        var utc = date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : DateTime.SpecifyKind(date, DateTimeKind.Utc);
        return new DateTimeOffset(utc, TimeSpan.Zero);
    }

    public static DateTimeOffset? ToNullableInstant(BsonValue value) => value.IsNull ? null : ToInstant(value);

    public static BsonValue Text(string? value) => value is null ? BsonValue.Null : new BsonValue(value);

    public static string? ToText(BsonValue value) => value.IsNull ? null : value.AsString;

    public static BsonValue Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => new(value.ToString());

    public static TEnum ToEnum<TEnum>(BsonValue value)
        where TEnum : struct, Enum => Enum.Parse<TEnum>(value.AsString, ignoreCase: false);

    public static BsonArray Texts(IEnumerable<string> values) => [.. values.Select(v => new BsonValue(v))];

    public static IReadOnlyList<string> ToTexts(BsonValue value) => value.IsArray ? [.. value.AsArray.Select(v => v.AsString)] : [];

    public static BsonValue Ticks(TimeSpan value) => new(value.Ticks);

    public static TimeSpan ToTimeSpan(BsonValue value) => TimeSpan.FromTicks(Convert.ToInt64(value.RawValue, CultureInfo.InvariantCulture));

    public static BsonDocument Person(ActorRef person) => new()
    {
        ["platform"] = person.Platform,
        ["workspace"] = person.Workspace,
        ["userId"] = person.UserId,
    };

    public static ActorRef ToPerson(BsonValue value)
    {
        var doc = value.AsDocument;
        return new ActorRef(doc["platform"].AsString, doc["workspace"].AsString, doc["userId"].AsString);
    }

    public static BsonValue Channel(ChannelRef? channel) => channel is null
        ? BsonValue.Null
        : new BsonDocument
        {
            ["platform"] = channel.Platform,
            ["workspace"] = channel.Workspace,
            ["channelId"] = channel.ChannelId,
        };

    public static ChannelRef? ToChannel(BsonValue value)
    {
        if (value.IsNull)
        {
            return null;
        }

        var doc = value.AsDocument;
        return new ChannelRef(doc["platform"].AsString, doc["workspace"].AsString, doc["channelId"].AsString);
    }

    /// <summary>A record version; documents written before versions existed read as 0.</summary>
    public static long ToVersion(BsonValue value) => value.IsNull ? 0 : Convert.ToInt64(value.RawValue, System.Globalization.CultureInfo.InvariantCulture);
}
