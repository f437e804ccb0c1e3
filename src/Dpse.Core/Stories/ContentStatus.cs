namespace Dpse.Core.Stories;

/// <summary>Whether members can see a story. Hidden and deleted stories appear only to moderators.</summary>
public enum ContentStatus
{
    /// <summary>Visible to everyone.</summary>
    Published,

    /// <summary>Hidden by a moderator; can be restored.</summary>
    Hidden,

    /// <summary>Deleted by its author or a moderator; kept for the audit trail, restorable by a moderator.</summary>
    Deleted,
}
