using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Sending;
using Dpse.Discord.Rest;
using Dpse.Discord.Tests.Fakes;

namespace Dpse.Discord.Tests.Rest;

public sealed class DiscordMessageSenderTests
{
    private static readonly ChannelTarget Channel = new(new ChannelRef(Platforms.Discord, "339318275320184833", "342074301840752640"));

    [Fact]
    public async Task Send_ChannelPost_CarriesStableNonceWithEnforceNonceAndNoMentions()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var sender = new DiscordMessageSender(TestClients.Rest(fake, TimeProvider.System));
        var message = Message.Simple("Digest @everyone", "<@&609370233916096514> read this");

        var first = await sender.SendAsync(Channel, message, "digest:discord:1:2026-W48", TestContext.Current.CancellationToken);
        var again = await sender.SendAsync(Channel, message, "digest:discord:1:2026-W48", TestContext.Current.CancellationToken);
        var other = await sender.SendAsync(Channel, message, "digest:discord:1:2026-W49", TestContext.Current.CancellationToken);

        Assert.Equal(SendStatus.Sent, first.Status);
        Assert.False(string.IsNullOrEmpty(first.MessageId));
        var bodies = fake.All.Select(r => r.Json).ToList();
        Assert.All(bodies, b => Assert.True(b["enforce_nonce"]!.GetValue<bool>()));
        Assert.All(bodies, b => Assert.Equal("""{"parse":[]}""", b["allowed_mentions"]!.ToJsonString()));
        var nonces = bodies.Select(b => b["nonce"]!.GetValue<string>()).ToList();
        Assert.All(nonces, n => Assert.InRange(n.Length, 1, 25));
        Assert.Equal(nonces[0], nonces[1]);
        Assert.NotEqual(nonces[0], nonces[2]);
        Assert.Equal("/channels/342074301840752640/messages", fake.All[0].Path);
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task Send_DirectMessage_OpensDmChannelOnceThenPosts()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var sender = new DiscordMessageSender(TestClients.Rest(fake, TimeProvider.System));
        var person = new DirectTarget(new ActorRef(Platforms.Discord, "1", "275616469906358273"));

        await sender.SendAsync(person, Message.Line("Reminder"), "r1", TestContext.Current.CancellationToken);
        await sender.SendAsync(person, Message.Line("Reminder"), "r2", TestContext.Current.CancellationToken);

        Assert.Equal(["POST /users/@me/channels", "POST /channels/9275616469906358273/messages", "POST /channels/9275616469906358273/messages"], fake.All.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal("275616469906358273", fake.All[0].Json["recipient_id"]!.GetValue<string>());
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task Send_ServerError_HandedBackAfterOnePostNotRetriedInPlace()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Script(_ => true, new FakeResponse(500, """{"message":"500: Internal Server Error","code":0}"""));
        var sender = new DiscordMessageSender(TestClients.Rest(fake, TimeProvider.System));

        var result = await sender.SendAsync(Channel, Message.Line("x"), "k", TestContext.Current.CancellationToken);

        // The outcome is unknown: the outbox retries later (and reconciles first), the lane and its turns are free now.
        Assert.Equal(SendStatus.TransientFailure, result.Status);
        Assert.False(result.NothingPosted);
        Assert.Single(fake.All);
    }

    [Theory]
    [InlineData(403, """{"message":"Missing Access","code":50001}""", SendStatus.PermanentFailure)]
    [InlineData(404, """{"message":"Unknown Channel","code":10003}""", SendStatus.PermanentFailure)]
    [InlineData(403, """{"message":"Missing Permissions","code":50013}""", SendStatus.PermanentFailure)]
    [InlineData(400, """{"message":"Invalid Form Body","code":50035}""", SendStatus.PermanentFailure)]
    [InlineData(401, """{"message":"401: Unauthorized","code":0}""", SendStatus.TransientFailure)]
    public async Task Send_ErrorAnswer_ClassifiedPermanentOrTransient(int status, string body, SendStatus expected)
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Script(_ => true, new FakeResponse(status, body));
        var sender = new DiscordMessageSender(TestClients.Rest(fake, TimeProvider.System));

        var result = await sender.SendAsync(Channel, Message.Line("x"), "k", TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Status);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NotADiscordChannelId_PermanentWithoutRequest()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var sender = new DiscordMessageSender(TestClients.Rest(fake, TimeProvider.System));

        var result = await sender.SendAsync(new ChannelTarget(new ChannelRef(Platforms.Discord, "", "C123")), Message.Line("x"), "k", TestContext.Current.CancellationToken);

        Assert.Equal(SendStatus.PermanentFailure, result.Status);
        Assert.Empty(fake.All);
    }
}
