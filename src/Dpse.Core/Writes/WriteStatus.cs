namespace Dpse.Core.Writes;

/// <summary>What a narrow store write or a compare-and-swap did. Only <see cref="Done"/> wrote anything (and its audit entry).</summary>
public enum WriteStatus
{
    /// <summary>The change and its audit entry were committed together.</summary>
    Done,

    /// <summary>The record does not exist; nothing was written.</summary>
    NotFound,

    /// <summary>The record already was as asked (already celebrated, already hidden, already off); nothing was written.</summary>
    Unchanged,

    /// <summary>Compare-and-swap only: the stored version is not the one the caller read; nothing was written. Re-read and re-apply.</summary>
    Conflict,

    /// <summary>The person was erased (me forget) at or after the instant this write carries; nothing was written.</summary>
    Erased,
}
