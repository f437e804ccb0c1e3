using Dpse.Core.Audit;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
using Dpse.Storage.LiteDb.Mapping;
using Dpse.Storage.LiteDb.Privacy;
using LiteDB;

namespace Dpse.Storage.LiteDb.Events;

/// <summary>Events and their RSVPs in collection <c>events</c>, indexed by start, organiser and respondent.</summary>
public sealed class LiteDbEventStore(LiteDbDatabase database) : IEventStore
{
    private static readonly NumberedDocuments<CommunityEvent> Documents = new(Schema.Events, EventDocuments.ToDocument, EventDocuments.FromDocument);

    private readonly Erasures _erasures = Erasures.Of(database);

    /// <inheritdoc />
    public Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(db => Documents.Add(db, draft, audit), null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommunityEvent?> GetAsync(int number, CancellationToken cancellationToken) =>
        database.ReadAsync(db => Find(db, number), cancellationToken);

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> UpdateDetailsAsync(CommunityEvent edited, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(db => Documents.Edit(db, edited, old => old.WithEditedDetails(edited), audit).Result, null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(db => Documents.SetStatus(db, number, status, at, audit).Result, null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> CancelAsync(int number, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db => Find(db, number) switch
            {
                null => WriteResult<CommunityEvent>.NotFound(),
                { Cancelled: true } old => WriteResult<CommunityEvent>.Unchanged(old),
                { } old => Replace(db, old with { Cancelled = true, UpdatedAt = at, Version = old.Version + 1 }, audit),
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db => Find(db, number) switch
            {
                null => WriteResult<CommunityEvent>.NotFound(),
                { } old when _erasures.Refuses(db, rsvp.Person, rsvp.At) => WriteResult<CommunityEvent>.Erased(old),
                { } old => Replace(db, old with { Rsvps = [.. old.Rsvps.Where(r => r.Person != rsvp.Person), rsvp] }, audit),
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        return database.WriteAsync(
            db =>
            {
                var involved = Documents.Involving(db, "organiserKey", "rsvps", erasure.Person.Key);
                var (anonymised, removed) = (0, 0);
                foreach (var old in involved)
                {
                    var organised = old.Organiser == erasure.Person;
                    anonymised += organised ? 1 : 0;
                    removed += old.Rsvps.Any(r => r.Person == erasure.Person) ? 1 : 0;
                    Replace(db, old with
                    {
                        Organiser = organised ? erasure.Pseudonym : old.Organiser,
                        OrganiserName = organised ? PersonErasure.FormerMember : old.OrganiserName,
                        Rsvps = [.. old.Rsvps.Where(r => r.Person != erasure.Person)],
                        Version = organised ? old.Version + 1 : old.Version,
                    }, erasure.Entry(old.Id));
                }

                _erasures.Record(db, erasure);
                return new ErasedCounts(anonymised, removed);
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListStartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        database.ReadAsync(db => Documents.Between(db, "startUtc", e => e.StartUtc, from, to), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return database.ReadAsync<IReadOnlyList<CommunityEvent>>(db => Documents.Involving(db, "organiserKey", "rsvps", person.Key), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListAllAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(Documents.All, cancellationToken);

    /// <inheritdoc />
    public Task ImportAsync(IReadOnlyList<CommunityEvent> events, AuditEntry audit, CancellationToken cancellationToken)
    {
        Documents.RequireNumbers(events, nameof(events));
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(db => Documents.Import(db, events, audit), null, cancellationToken);
    }

    private static WriteResult<CommunityEvent> Replace(LiteDatabase db, CommunityEvent updated, AuditEntry audit) =>
        WriteResult<CommunityEvent>.Done(Documents.Replace(db, updated, audit));

    private static CommunityEvent? Find(LiteDatabase db, int number) => Documents.Find(db, number);
}
