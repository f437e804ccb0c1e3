using System.Globalization;
using System.Security.Cryptography;

namespace Dpse.Core.Exporting;

/// <summary>
/// File names for exports: the kind, the UTC time to the second, and a random tag, so two people's files, or two
/// exports in the same minute, never share a name (the shell also refuses to replace an existing file).
/// The name holds nothing about the person.
/// </summary>
public static class ExportNames
{
    /// <summary>E.g. <c>dpse-export-20261126-100000-3f9a1c2e.json</c>.</summary>
    public static string Make(string kind, DateTimeOffset at) =>
        $"{kind}-{at.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.json";
}
