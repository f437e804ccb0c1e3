using Dpse.Core.Exporting;
using Dpse.Core.Messages;
using Dpse.Testing;

namespace Dpse.Core.Tests.Support;

/// <summary>
/// What the stores hold, as one comparable string: the audit trail's length and every story, event, channel setting and delivery record.
/// Taken before and after a command that must fail, it proves nothing was written.
/// </summary>
internal static class ExchangeState
{
    public static async Task<string> CaptureAsync(TestExchange exchange)
    {
        var ct = TestContext.Current.CancellationToken;
        var stories = await exchange.Stores.Stories.ListAllAsync(ct);
        var events = await exchange.Stores.Events.ListAllAsync(ct);
        var channels = await exchange.Stores.ChannelSettings.ListActiveAsync(ct);
        return ExchangeJson.Serialize(new
        {
            audit = exchange.Stores.Audit.Entries.Count,
            stories,
            events,
            channels,
            deliveries = exchange.Deliveries.All,
        });
    }

    /// <summary>Runs <paramref name="text"/>, asserts it is an error that changed nothing, and returns what the person reads.</summary>
    public static async Task<string> RunFailingAsync(this TestExchange exchange, string text, Dpse.Core.Identity.Actor? actor = null)
    {
        var before = await CaptureAsync(exchange);
        var reply = await exchange.RunAsync(text, actor);
        var shown = PlainTextRenderer.Render(reply.Message);
        Assert.True(reply.IsError, $"Expected an error for '{text}', got: {shown}");
        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.Equal(before, await CaptureAsync(exchange));
        return shown;
    }

    /// <summary>Runs <paramref name="text"/>, asserts it is not an error, and returns what the person reads.</summary>
    public static async Task<string> RunOkAsync(this TestExchange exchange, string text, Dpse.Core.Identity.Actor? actor = null, Dpse.Core.Identity.ChannelRef? place = null)
    {
        var reply = await exchange.RunAsync(text, actor, place);
        var shown = PlainTextRenderer.Render(reply.Message);
        Assert.False(reply.IsError, $"Expected success for '{text}', got: {shown}");
        return shown;
    }

    /// <summary>Shares a story as <paramref name="actor"/> and returns its number.</summary>
    public static async Task<int> ShareAsync(this TestExchange exchange, string title, string extra = "", Dpse.Core.Identity.Actor? actor = null)
    {
        var before = await exchange.Stores.Stories.CountAsync(TestContext.Current.CancellationToken);
        await exchange.RunOkAsync($"/dpse story share outcome:success title:\"{title}\" summary:\"About {title}.\" {extra}", actor);
        Assert.Equal(before + 1, await exchange.Stores.Stories.CountAsync(TestContext.Current.CancellationToken));
        return before + 1;
    }
}
