namespace Dpse.Core.Writes;

/// <summary>
/// The outcome of one atomic store write: its <see cref="Status"/> and the record as stored after it (for
/// <see cref="WriteStatus.Done"/> and <see cref="WriteStatus.Unchanged"/>; null when not found, and for a conflict or an
/// erasure the record as it is now, if any).
/// </summary>
public sealed record WriteResult<T>(WriteStatus Status, T? Value)
    where T : class
{
    /// <summary>True when the write happened.</summary>
    public bool IsDone => Status == WriteStatus.Done;

    /// <summary>The write happened; <paramref name="value"/> is the record after it.</summary>
    public static WriteResult<T> Done(T value) => new(WriteStatus.Done, value);

    /// <summary>Nothing to change; <paramref name="value"/> is the record as it is.</summary>
    public static WriteResult<T> Unchanged(T value) => new(WriteStatus.Unchanged, value);

    /// <summary>No such record.</summary>
    public static WriteResult<T> NotFound() => new(WriteStatus.NotFound, null);

    /// <summary>The version moved on; <paramref name="current"/> is the stored record.</summary>
    public static WriteResult<T> Conflict(T? current) => new(WriteStatus.Conflict, current);

    /// <summary>The person was erased after this write began.</summary>
    public static WriteResult<T> Erased(T? current) => new(WriteStatus.Erased, current);
}
