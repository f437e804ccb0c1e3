using Dpse.Core.Audit;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
using Dpse.Storage.Postgres.Audit;
using Npgsql;

namespace Dpse.Storage.Postgres;

/// <summary>Saves one record's row (and, with <c>whole</c>, the rows it owns, such as a story's celebrations) in the caller's transaction.</summary>
internal delegate Task SaveRow<in T>(NpgsqlConnection connection, NpgsqlTransaction transaction, T record, bool whole, CancellationToken cancellationToken);

/// <summary>
/// What the stores of numbered, versioned records (stories S-n, events E-n) do alike on PostgreSQL: read by number,
/// lock the row for a compare-and-swap, take the next number from the counter, save every change with its audit entry
/// in one transaction, and import records that keep their numbers (versions move past the stored ones, the counter past
/// the numbers). The store says how its record is read and saved.
/// </summary>
internal sealed class NumberedRows<T>(PostgresDatabase database, string select, string counter, Func<NpgsqlDataReader, T> read, SaveRow<T> save)
    where T : class, INumberedRecord<T>
{
    /// <summary>The record with this number, or null.</summary>
    public Task<T?> GetAsync(int recordNumber, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, $"{select} WHERE number = @number").With("number", recordNumber);
                return (await command.ListAsync(read, cancellationToken)).SingleOrDefault();
            },
            cancellationToken);

    /// <summary>The record with this number, locked for the rest of the transaction (writes of it from any instance queue), or null.</summary>
    public async Task<T?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int recordNumber, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, $"{select} WHERE number = @number FOR UPDATE", transaction).With("number", recordNumber);
        return (await command.ListAsync(read, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The records a query finds; <paramref name="rest"/> follows the SELECT (WHERE, ORDER BY).</summary>
    public Task<IReadOnlyList<T>> ListAsync(string rest, Action<NpgsqlCommand> parameters, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<T>>(
            async connection =>
            {
                await using var command = Sql.Command(connection, $"{select} {rest}");
                parameters(command);
                return await command.ListAsync(read, cancellationToken);
            },
            cancellationToken);

    /// <summary>Adds <paramref name="draft"/> under the next number at version 1, audited against its new id.</summary>
    public Task<T> AddAsync(T draft, AuditEntry audit, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                var added = draft.Stored(await Counters.NextAsync(connection, transaction, counter, cancellationToken), 1);
                await save(connection, transaction, added, true, cancellationToken);
                await AuditRows.AppendAsync(connection, transaction, audit with { Target = added.Id }, cancellationToken);
                return added;
            },
            cancellationToken);

    /// <summary>
    /// The compare-and-swap every edit makes: under the row lock, nothing else can change the record between the
    /// comparison and the update. The stored version must still be <paramref name="edited"/>'s; <paramref name="apply"/>
    /// gives what is written.
    /// </summary>
    public Task<WriteResult<T>> EditAsync(T edited, Func<T, T> apply, AuditEntry audit, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) => await LockAsync(connection, transaction, edited.Number, cancellationToken) switch
            {
                null => WriteResult<T>.NotFound(),
                { } old when old.Version != edited.Version => WriteResult<T>.Conflict(old),
                { } old => await ReplaceAsync(connection, transaction, apply(old), audit, cancellationToken),
            },
            cancellationToken);

    /// <summary>Hides, restores or deletes a record as a new version; the status it already has changes nothing.</summary>
    public Task<WriteResult<T>> SetStatusAsync(int recordNumber, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) => await LockAsync(connection, transaction, recordNumber, cancellationToken) switch
            {
                null => WriteResult<T>.NotFound(),
                { } old when old.Status == status => WriteResult<T>.Unchanged(old),
                { } old => await ReplaceAsync(connection, transaction, old.WithStatus(status, at), audit, cancellationToken),
            },
            cancellationToken);

    /// <summary>Saves the changed record and its audit entry in the caller's transaction.</summary>
    public async Task<WriteResult<T>> ReplaceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, T updated, AuditEntry audit, CancellationToken cancellationToken, bool whole = false)
    {
        await save(connection, transaction, updated, whole, cancellationToken);
        await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
        return WriteResult<T>.Done(updated);
    }

    /// <summary>
    /// Writes records that carry their numbers (an import) in one transaction with one audit entry. A replaced record's
    /// version moves past the stored one, so an edit begun before the import conflicts.
    /// </summary>
    public Task ImportAsync(IReadOnlyList<T> records, AuditEntry audit, string paramName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records, paramName);
        ArgumentNullException.ThrowIfNull(audit);
        if (records.Any(r => r.Number <= 0))
        {
            throw new ArgumentException($"Imported {paramName} must carry their numbers.", paramName);
        }

        return database.WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var record in records)
                {
                    var stored = await LockAsync(connection, transaction, record.Number, cancellationToken);
                    var version = Math.Max(record.Version, (stored?.Version ?? 0) + 1);
                    await save(connection, transaction, record.Stored(record.Number, version), true, cancellationToken);
                }

                if (records.Count > 0)
                {
                    await Counters.RaiseAsync(connection, transaction, counter, records.Max(r => r.Number), cancellationToken);
                }

                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return true;
            },
            cancellationToken);
    }
}
