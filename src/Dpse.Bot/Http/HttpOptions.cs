using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Dpse.Bot.Http;

/// <summary>
/// Section <c>Dpse:Http</c>: the bot's own web endpoint (HTTP interactions, health, readiness, metrics, the calendar
/// feed). Off by default so the shell and the socket transports need no port.
/// </summary>
public sealed class HttpOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dpse:Http";

    /// <summary>The largest request body accepted (Discord and Slack send a few kilobytes).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Whether the endpoint listens at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where Kestrel listens; several separated by ';'.</summary>
    [Required]
    public string Urls { get; set; } = "http://0.0.0.0:8080";

    /// <summary>The address people and platforms reach (e.g. <c>https://bot.example.org</c>), used in links; empty when none.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c> headers are believed.
    /// Empty: only a proxy on loopback (ASP.NET Core's default).
    /// </summary>
    public IList<string> KnownProxies { get; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PublicUrl)
            && !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{Section}:PublicUrl must be an absolute http(s) URL such as https://bot.example.org.", [nameof(PublicUrl)]);
        }

        if (KnownProxies.FirstOrDefault(p => !IPAddress.TryParse(p, out _)) is { } notAnAddress)
        {
            yield return new ValidationResult($"{Section}:KnownProxies must hold IP addresses; '{notAnAddress}' is not one.", [nameof(KnownProxies)]);
        }
    }
}
