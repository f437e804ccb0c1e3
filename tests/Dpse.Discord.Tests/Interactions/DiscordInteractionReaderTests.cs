using System.Text.Json.Nodes;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Discord.Interactions;

namespace Dpse.Discord.Tests.Interactions;

public sealed class DiscordInteractionReaderTests
{
    private static readonly DiscordOptions Options = Configured();

    [Fact]
    public void Read_AutocompleteWithIntegerOption_TypedIntegerAndFocusedOption()
    {
        var payload = InteractionFixtures.Command("story list", [("page", 2L), ("org", "Any")], type: 4, focused: "org");

        var read = Read(payload);

        var command = Assert.IsType<AutocompleteInteraction>(read).Command;
        Assert.NotNull(command);
        Assert.Equal("story list", command.Path);
        Assert.Equal(TypedValue.Of(2L), command.Typed["page"]);
        Assert.False(command.Values.ContainsKey("page"));
        Assert.Equal("Any", command.Values["org"]);
        Assert.Equal("org", command.Focused);
    }

    [Fact]
    public void ReadInvoker_NoMemberButUser_ActorFromUserAndNeverModerator()
    {
        var payload = InteractionFixtures.Command("story list");
        payload.Remove("member");
        payload.Remove("guild_id");
        payload["user"] = new JsonObject { ["id"] = InteractionFixtures.UserId, ["username"] = "mason", ["global_name"] = null };

        var invoker = DiscordInteractionReader.ReadInvoker(InteractionFixtures.Element(payload), Options);

        Assert.NotNull(invoker);
        Assert.Equal(new ActorRef(Platforms.Discord, "", InteractionFixtures.UserId), invoker.Actor.Ref);
        Assert.Equal("mason", invoker.Actor.DisplayName);
        Assert.False(invoker.Actor.IsModerator);
        Assert.Equal(new ChannelRef(Platforms.Discord, "", InteractionFixtures.ChannelId), invoker.Place);
    }

    [Fact]
    public void ReadInvoker_NeitherMemberNorUser_ReadWithEmptyUser()
    {
        var payload = InteractionFixtures.Command("story list");
        payload.Remove("member");

        var invoker = DiscordInteractionReader.ReadInvoker(InteractionFixtures.Element(payload), Options);

        Assert.NotNull(invoker);
        Assert.Equal("", invoker.Actor.Ref.UserId);
        Assert.Equal("", invoker.Actor.DisplayName);
        Assert.False(invoker.Actor.IsModerator);
    }

    [Fact]
    public void ReadInvoker_ModeratorRoleAndNoApplicationId_ModeratorAndConfiguredApplication()
    {
        var payload = InteractionFixtures.Command("story list", roles: [InteractionFixtures.ModeratorRole]);
        payload.Remove("application_id");

        var invoker = DiscordInteractionReader.ReadInvoker(InteractionFixtures.Element(payload), Options);

        Assert.NotNull(invoker);
        Assert.True(invoker.Actor.IsModerator);
        Assert.Equal("configured-app", invoker.ApplicationId);
        Assert.Equal("A_UNIQUE_TOKEN_786008729715212338", invoker.Token);
    }

    [Fact]
    public void ReadInvoker_NoToken_Null()
    {
        var payload = InteractionFixtures.Command("story list");
        payload.Remove("token");

        Assert.Null(DiscordInteractionReader.ReadInvoker(InteractionFixtures.Element(payload), Options));
    }

    [Fact]
    public void Read_ComponentCustomIdNotOurs_KeptVerbatimForTheCore()
    {
        var read = Read(InteractionFixtures.Button("other-bot:vote:1"));

        Assert.Equal("other-bot:vote:1", Assert.IsType<ComponentInteraction>(read).CustomId);
    }

    [Fact]
    public void Read_ModalCustomIdNotOurs_NoCommand()
    {
        var read = Read(InteractionFixtures.ModalSubmit("other-bot:form", [("title", "Hello")], labelShape: true));

        var submitted = Assert.IsType<ModalSubmitInteraction>(read);
        Assert.Null(submitted.Command);
        Assert.Empty(submitted.Options);
    }

    [Fact]
    public void Read_SlashCommandNotDpse_NoCommand()
    {
        var payload = InteractionFixtures.Command("story list");
        payload["data"]!["name"] = "other";

        Assert.Null(Assert.IsType<SlashCommandInteraction>(Read(payload)).Command);
    }

    [Fact]
    public void Read_PingType_Null()
    {
        var payload = InteractionFixtures.Command("story list", type: 1);

        Assert.Null(Read(payload));
    }

    private static DiscordInteraction? Read(JsonObject payload)
    {
        var element = InteractionFixtures.Element(payload);
        var invoker = DiscordInteractionReader.ReadInvoker(element, Options);
        Assert.NotNull(invoker);
        return DiscordInteractionReader.Read(element, invoker);
    }

    private static DiscordOptions Configured()
    {
        var options = new DiscordOptions { ApplicationId = "configured-app" };
        options.ModeratorRoleIds.Add(InteractionFixtures.ModeratorRole);
        return options;
    }
}
