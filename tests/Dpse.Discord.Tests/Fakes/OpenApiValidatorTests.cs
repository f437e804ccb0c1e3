namespace Dpse.Discord.Tests.Fakes;

public sealed class OpenApiValidatorTests
{
    [Fact]
    public void Validate_BodyBreakingTheSchema_ReportsIt()
    {
        Assert.SkipWhen(!SharedData.Exists, SharedData.MissingReason);

        Assert.Empty(OpenApiValidator.Validate("POST", "/channels/1/messages", """{"content":"hi","nonce":"abc","enforce_nonce":true}"""));
        Assert.NotEmpty(OpenApiValidator.Validate("POST", "/channels/1/messages", $$"""{"content":"hi","nonce":"{{new string('n', 26)}}"}"""));
        Assert.NotEmpty(OpenApiValidator.Validate("POST", "/interactions/1/tok/callback", """{"type":9,"data":{"custom_id":"x","title":"t","components":[]}}"""));
        Assert.NotEmpty(OpenApiValidator.Validate("PUT", "/applications/1/commands", """[{"name":"dpse","description":"x","options":[{"type":3,"name":"t","description":"d","max_length":7000}]}]"""));
    }
}
