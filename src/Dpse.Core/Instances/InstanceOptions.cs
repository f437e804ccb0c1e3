using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Dpse.Core.Instances;

/// <summary>
/// This instance among others sharing a store (section <c>Dpse:Storage:Instances</c>). With the LiteDB file there is
/// only ever one; on PostgreSQL each instance beats into the <c>instances</c> table.
/// </summary>
public sealed class InstanceOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dpse:Storage:Instances";

    /// <summary>This instance's id; by default the machine name, the process id and a random suffix.</summary>
    [Required]
    [StringLength(200, MinimumLength = 1, ErrorMessage = "Dpse:Storage:Instances:Id must be 1 to 200 characters.")]
    public string Id { get; set; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");

    /// <summary>How often this instance records that it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An instance not heard from for this long counts as gone; its share goes to the others.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Dpse:Storage:Instances:HeartbeatInterval must be between 00:00:00.001 and 00:05:00.", [nameof(HeartbeatInterval)]);
        }

        if (TimeToLive < HeartbeatInterval * 2)
        {
            yield return new ValidationResult("Dpse:Storage:Instances:TimeToLive must be at least twice Dpse:Storage:Instances:HeartbeatInterval, or one late beat makes a live instance look gone.", [nameof(TimeToLive)]);
        }
    }
}
