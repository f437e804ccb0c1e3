using Dpse.Core.Stories;

namespace Dpse.Core.Writes;

/// <summary>
/// A record the store numbers and versions and moderators hide or restore (stories S-n, events E-n): the store gives
/// it the next number when it is added, and every compare-and-swap compares its version. Lets each storage engine write
/// the numbering, versioning, status and import rules once for every such record.
/// </summary>
/// <typeparam name="TSelf">The record type itself.</typeparam>
public interface INumberedRecord<out TSelf>
    where TSelf : INumberedRecord<TSelf>
{
    /// <summary>The store-assigned number (0 until added).</summary>
    int Number { get; }

    /// <summary>The version compared by compare-and-swap writes.</summary>
    long Version { get; }

    /// <summary>The number as people type it (S-12, E-3).</summary>
    string Id { get; }

    /// <summary>Published, hidden or deleted.</summary>
    ContentStatus Status { get; }

    /// <summary>This record under <paramref name="number"/> at <paramref name="version"/>, as the store writes it.</summary>
    TSelf Stored(int number, long version);

    /// <summary>This record with <paramref name="status"/> set at <paramref name="at"/>, as a new version.</summary>
    TSelf WithStatus(ContentStatus status, DateTimeOffset at);
}
