using System.ComponentModel.DataAnnotations;

namespace Dpse.Core;

/// <summary>
/// Defaults of the exchange (section <c>Dpse:Exchange</c>): the zone used when a command gives none, the digest's
/// default day and time, and the default reminder offsets before an event.
/// </summary>
public sealed class ExchangeOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dpse:Exchange";

    /// <summary>IANA zone used when a command gives none.</summary>
    [Required]
    public string DefaultTimeZone { get; set; } = "Europe/London";

    /// <summary>Default digest day.</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    /// <summary>Default digest local time, hh:mm.</summary>
    [Required]
    [RegularExpression(@"^([01]?\d|2[0-3]):[0-5]\d$", ErrorMessage = "Dpse:Exchange:DigestTime must be hh:mm, e.g. 09:00.")]
    public string DigestTime { get; set; } = "09:00";

    /// <summary>Default reminder offsets before an event's start, as typed in commands: e.g. <c>24h,1h</c>.</summary>
    [Required]
    public string ReminderOffsets { get; set; } = "24h,1h";

    /// <summary>A digest missed (bot down) by less than this is still sent late; older ones are skipped.</summary>
    public TimeSpan DigestGrace { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long an instance holds a delivery it is sending before another instance sharing the store may take it over
    /// (its instance died mid-send). Longer than one send's deadline; shorter means a faster takeover.
    /// </summary>
    public TimeSpan DeliveryClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The reminder offsets, parsed; valid once options validation has passed.</summary>
    public IReadOnlyList<TimeSpan> ParsedReminderOffsets => Time.OptionParsers.DurationList(ReminderOffsets) ?? [];

    /// <summary>The digest time, parsed.</summary>
    public NodaTime.LocalTime ParsedDigestTime => Time.EventTime.ParseTimeOfDay(DigestTime) ?? new NodaTime.LocalTime(9, 0);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Time.EventTime.FindZone(DefaultTimeZone ?? "") is null)
        {
            yield return new ValidationResult($"Dpse:Exchange:DefaultTimeZone '{DefaultTimeZone}' is not an IANA time zone (e.g. Europe/London).", [nameof(DefaultTimeZone)]);
        }

        if (Time.OptionParsers.DurationList(ReminderOffsets ?? "") is null)
        {
            yield return new ValidationResult($"Dpse:Exchange:ReminderOffsets '{ReminderOffsets}' must be durations separated by commas, e.g. 24h,1h.", [nameof(ReminderOffsets)]);
        }

        if (DigestGrace < TimeSpan.Zero || DigestGrace > TimeSpan.FromDays(6))
        {
            yield return new ValidationResult("Dpse:Exchange:DigestGrace must be between 00:00:00 and 6.00:00:00.", [nameof(DigestGrace)]);
        }

        if (DeliveryClaimLease <= Deliveries.OutboxSender.SendDeadline || DeliveryClaimLease > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"Dpse:Exchange:DeliveryClaimLease must be longer than one send's deadline ({Deliveries.OutboxSender.SendDeadline.TotalSeconds:0} s) and at most 01:00:00.", [nameof(DeliveryClaimLease)]);
        }
    }
}
