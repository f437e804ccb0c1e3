using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dpse.Bot.Tests.Http;

/// <summary>
/// Just enough of Slack's Web API and Discord's REST API on 127.0.0.1 for the host to start its adapters in HTTP
/// mode: <c>auth.test</c> and <c>/users/@me</c> answer as told (a good or a refused token); command registration succeeds.
/// </summary>
internal sealed class PlatformStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PlatformStub(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string SlackApiUrl => BaseUrl + "/slack/api/";

    public string DiscordApiUrl => BaseUrl + "/discord/api/v10";

    public static async Task<PlatformStub> StartAsync(bool slackTokenGood = true, bool discordTokenGood = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/slack/api/auth.test", () => Results.Text(
            slackTokenGood ? """{"ok":true,"team_id":"T1","user_id":"UBOT","bot_id":"BBOT"}""" : """{"ok":false,"error":"invalid_auth"}""", "application/json"));
        app.MapGet("/discord/api/v10/users/@me", () => discordTokenGood
            ? Results.Text("""{"id":"352205866889641984","username":"dpse"}""", "application/json")
            : Results.Text("""{"message":"401: Unauthorized","code":0}""", "application/json", statusCode: 401));
        app.MapPut("/discord/api/v10/applications/{app}/commands", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            return Results.Text(await reader.ReadToEndAsync(), "application/json");
        });
        await app.StartAsync();
        return new PlatformStub(app, app.Urls.First().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
