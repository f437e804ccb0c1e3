namespace Dpse.Core.Stories;

/// <summary>
/// Whether a story names its organisation. Candour about failures in the public sector depends on
/// <see cref="Anonymised"/>: the organisation is then shown only to the author and moderators.
/// </summary>
public enum Attribution
{
    /// <summary>The organisation is shown to everyone.</summary>
    Named,

    /// <summary>Others see a description such as "a district council".</summary>
    Anonymised,
}
