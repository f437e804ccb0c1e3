using System.Security.Cryptography;
using System.Text;
using Dpse.Core.Privacy;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Privacy;

/// <summary>
/// An erased person appears in the audit log under a random pseudonym: the same across every entry of one erasure,
/// and not something anyone can recompute from their user id (the old one was the first 16 hex digits of SHA-256 of the key).
/// </summary>
public sealed class ErasurePseudonymTests
{
    private static async Task<IReadOnlyList<Dpse.Core.Audit.AuditEntry>> ForgetAliceAsync()
    {
        using var exchange = TestExchange.Create();
        await exchange.RunOkAsync("story share outcome:failure title:Search summary:Solr.", TestExchange.Alice);
        await exchange.RunOkAsync("story share outcome:success title:Forms summary:Webforms.", TestExchange.Bob);
        await exchange.RunOkAsync("story celebrate S-2", TestExchange.Alice);
        await exchange.RunOkAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\"", TestExchange.Alice);
        await exchange.RunOkAsync("reminders on dm", TestExchange.Alice);
        await exchange.RunOkAsync("me forget confirm:yes", TestExchange.Alice);
        return [.. exchange.Stores.Audit.Entries.Where(e => e.Actor.Platform == "erased")];
    }

    [Fact]
    public async Task Forget_AuditEntries_OnePseudonymThatIsNotAHashOfTheUserKey()
    {
        var entries = await ForgetAliceAsync();

        // Her own four entries redacted (share, celebrate, event add, reminders), plus one per record the erasure changed (S-1, S-2, E-1, member).
        Assert.Equal(8, entries.Count);
        var pseudonym = Assert.Single(entries.Select(e => e.Actor).Distinct());
        Assert.Matches("^[0-9a-f]{16}$", pseudonym.UserId);
        var recomputable = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TestExchange.Alice.Ref.Key)));
        Assert.DoesNotContain(pseudonym.UserId, recomputable, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.DoesNotContain("Alice", e.ActorName, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.ActorName == PersonErasure.FormerMember);
    }

    [Fact]
    public async Task Forget_SamePersonInTwoExchanges_GetsUnrelatedPseudonyms()
    {
        var first = (await ForgetAliceAsync())[0].Actor;
        var second = (await ForgetAliceAsync())[0].Actor;

        Assert.NotEqual(first, second);
    }
}
