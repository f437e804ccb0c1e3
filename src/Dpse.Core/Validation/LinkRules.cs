namespace Dpse.Core.Validation;

/// <summary>
/// Which links the exchange stores and shows as links. A link must be http or https, to a plain ASCII host name or
/// an IP address, with nothing before the host: user info (<c>https://gov.uk@evil.example</c>,
/// <c>http://user:pass@host</c>) is refused because the part before <c>@</c> poses as the site. Internationalised
/// hosts are refused too, both typed in Unicode and as punycode (<c>xn--</c> labels), because look-alike letters
/// (Cyrillic "а" for Latin "a") make a link read as one site and open another; the exchange serves public-sector
/// sites, whose addresses are ASCII. The check is on the text as typed, so what is shown is what opens.
/// </summary>
public static class LinkRules
{
    /// <summary>Why <paramref name="link"/> is not an acceptable link, or null when it is.</summary>
    public static string? Problem(string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "is not an http or https link";
        }

        var marker = link.IndexOf("://", StringComparison.Ordinal);
        if (marker < 0 || link.Any(c => char.IsWhiteSpace(c) || c == '\\'))
        {
            return "is not an http or https link (write it as https://host/path, without spaces or backslashes)";
        }

        var rest = link[(marker + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return "has a user name or password before the host (…@); the part before @ can pose as another site, so such links are refused";
        }

        var host = authority.StartsWith('[') ? authority[..(authority.IndexOf(']', StringComparison.Ordinal) + 1)] : authority.Split(':')[0];
        if (host.Length == 0 || host == "[]")
        {
            return "has no host";
        }

        if (host.Any(c => c > 0x7F))
        {
            return "has a host with non-ASCII letters, which can imitate another site; type the address in plain ASCII";
        }

        if (host.StartsWith('['))
        {
            return uri.HostNameType == UriHostNameType.IPv6 ? null : "has a malformed host";
        }

        if (host.Split('.').Any(label => label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)))
        {
            return "has an internationalised (punycode xn--) host, which can imitate another site; such links are refused";
        }

        if (!host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            return "has a malformed host";
        }

        return null;
    }
}
