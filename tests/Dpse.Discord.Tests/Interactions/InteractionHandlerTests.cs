using System.Text.Json.Nodes;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Discord.Interactions;
using Dpse.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Interactions;

public sealed class InteractionHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static InteractionHandler Handler(FakeDiscord fake, FakeDispatcher dispatcher, TimeProvider time, ICompletionSource? completions = null) =>
        new(new InteractionResponder(TestClients.Rest(fake, time), time, NullLogger<InteractionResponder>.Instance), dispatcher, completions is null ? [] : [completions],
            Microsoft.Extensions.Options.Options.Create(TestClients.Options(fake, o => o.ModeratorRoleIds.Add(InteractionFixtures.ModeratorRole))),
            time, NullLogger<InteractionHandler>.Instance);

    [Fact]
    public async Task SlashCommand_FastCore_AnsweredDirectlyWithType4()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var dispatcher = new FakeDispatcher { OnRequest = (r, _) => Task.FromResult(Reply.Public(Message.Simple("Ran " + r.Path.Value, "S-12"))) };
        var interaction = InteractionFixtures.Command("story show", [("story", "S-12")], roles: [InteractionFixtures.ModeratorRole]);

        await Handler(fake, dispatcher, TimeProvider.System).HandleAsync(InteractionFixtures.Element(interaction), Ct);

        var request = Assert.Single(dispatcher.Requests);
        Assert.Equal("story show", request.Path.Value);
        Assert.Equal("S-12", request.Options["story"]);
        Assert.True(request.CanOpenForms);
        Assert.Equal(new ActorRef(Platforms.Discord, InteractionFixtures.GuildId, InteractionFixtures.UserId), request.Actor.Ref);
        Assert.Equal("Mason", request.Actor.DisplayName);
        Assert.True(request.Actor.IsModerator);
        Assert.Equal(new ChannelRef(Platforms.Discord, InteractionFixtures.GuildId, InteractionFixtures.ChannelId), request.Place);

        var callback = Assert.Single(fake.All);
        Assert.Equal("/interactions/786008729715212338/A_UNIQUE_TOKEN_786008729715212338/callback", callback.Path);
        Assert.Equal(4, callback.Json["type"]!.GetValue<int>());
        Assert.Equal("Ran story show", callback.Json["data"]!["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("""{"parse":[]}""", callback.Json["data"]!["allowed_mentions"]!.ToJsonString());
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public void ReadCommand_NumbersAndBooleans_AreTypedValuesNotText()
    {
        var interaction = InteractionFixtures.Command("story list", [("page", 3L), ("flag", true), ("ratio", 1.5), ("outcome", "failure")]);

        var command = DiscordInteractionReader.ReadCommand(InteractionFixtures.Element(interaction));

        Assert.NotNull(command);
        Assert.Equal("story list", command.Path);
        Assert.Equal(TypedValue.Of(3L), command.Typed["page"]);
        Assert.Equal(TypedValue.Of(true), command.Typed["flag"]);
        Assert.Equal(TypedValue.Of(1.5), command.Typed["ratio"]);
        Assert.Equal(["outcome"], command.Values.Keys);
    }

    [Fact]
    public async Task SlashCommand_IntegerOptionAndNoModeratorRole_MappedAsTypedValue()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var dispatcher = new FakeDispatcher();
        var interaction = InteractionFixtures.Command("story list", [("page", 2L), ("outcome", "failure")]);

        await Handler(fake, dispatcher, TimeProvider.System).HandleAsync(InteractionFixtures.Element(interaction), Ct);

        var request = Assert.Single(dispatcher.Requests);
        Assert.Equal(TypedValue.Of(2L), request.TypedOptions["page"]);
        Assert.False(request.Options.ContainsKey("page"));
        Assert.Equal("failure", request.Options["outcome"]);
        Assert.False(request.Actor.IsModerator);
    }

    [Fact]
    public async Task SlashCommand_SlowCore_DefersWithType5ThenEditsOriginal()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        var release = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new FakeDispatcher { OnRequest = (_, _) => release.Task };

        var handling = Handler(fake, dispatcher, time).HandleAsync(InteractionFixtures.Element(InteractionFixtures.Command("digest preview")), Ct);
        await time.AdvanceUntilAsync(() => fake.All.Count == 1, TimeSpan.FromMilliseconds(100), idle: fake.Idle);
        Assert.Equal(5, fake.All[0].Json["type"]!.GetValue<int>());
        Assert.True(time.GetUtcNow() - time.Start >= TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(100));

        release.SetResult(Reply.Public(Message.Simple("Next digest", "Three stories")));
        await handling.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var edit = fake.All[1];
        Assert.Equal("PATCH", edit.Method);
        Assert.Equal($"/webhooks/{TestClients.ApplicationId}/A_UNIQUE_TOKEN_786008729715212338/messages/@original", edit.Path);
        Assert.Equal("Next digest", edit.Json["embeds"]![0]!["title"]!.GetValue<string>());
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task SlashCommand_SlowCorePrivateReply_ReplacesDeferralWithEphemeralFollowUp()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        var release = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new FakeDispatcher { OnRequest = (_, _) => release.Task };

        var handling = Handler(fake, dispatcher, time).HandleAsync(InteractionFixtures.Element(InteractionFixtures.Command("me export")), Ct);
        await time.AdvanceUntilAsync(() => fake.All.Count == 1, TimeSpan.FromMilliseconds(100), idle: fake.Idle);
        release.SetResult(Reply.Error("Only you can see this"));
        await handling.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(["POST", "DELETE", "POST"], fake.All.Select(r => r.Method));
        var followUp = fake.All[2];
        Assert.Equal($"/webhooks/{TestClients.ApplicationId}/A_UNIQUE_TOKEN_786008729715212338", followUp.Path);
        Assert.Equal(64, followUp.Json["flags"]!.GetValue<int>());
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task Error_Reply_IsEphemeral()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var dispatcher = new FakeDispatcher { OnRequest = (_, _) => Task.FromResult(Reply.Error("Story S-99 does not exist.")) };

        await Handler(fake, dispatcher, TimeProvider.System).HandleAsync(InteractionFixtures.Element(InteractionFixtures.Command("story show", [("story", "S-99")])), Ct);

        var data = Assert.Single(fake.All).Json["data"]!;
        Assert.Equal(64, data["flags"]!.GetValue<int>());
        Assert.Equal(0xED4245, data["embeds"]![0]!["color"]!.GetValue<int>());
    }

    [Fact]
    public async Task Button_ReplacesCard_AnsweredWithType7()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var dispatcher = new FakeDispatcher { OnAction = (id, _, _) => Task.FromResult(Reply.Public(Message.Line("Action " + id)) with { ReplacesCard = true }) };

        await Handler(fake, dispatcher, TimeProvider.System).HandleAsync(InteractionFixtures.Element(InteractionFixtures.Button("dpse:celebrate:12")), Ct);

        Assert.Equal("dpse:celebrate:12", Assert.Single(dispatcher.Actions));
        var callback = Assert.Single(fake.All).Json;
        Assert.Equal(7, callback["type"]!.GetValue<int>());
        Assert.Equal("Action dpse:celebrate:12", callback["data"]!["embeds"]![0]!["description"]!.GetValue<string>());
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task Button_NewMessageReply_AnsweredWithType4()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var dispatcher = new FakeDispatcher { OnAction = (_, _, _) => Task.FromResult(Reply.Private(Message.Line("You are going"))) };

        await Handler(fake, dispatcher, TimeProvider.System).HandleAsync(InteractionFixtures.Element(InteractionFixtures.Button("dpse:rsvp:3:going")), Ct);

        var callback = Assert.Single(fake.All).Json;
        Assert.Equal(4, callback["type"]!.GetValue<int>());
        Assert.Equal(64, callback["data"]!["flags"]!.GetValue<int>());
    }

    [Fact]
    public async Task Button_SlowCore_DefersUpdateThenEditsTheCard()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        var release = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new FakeDispatcher { OnAction = (_, _, _) => release.Task };

        var handling = Handler(fake, dispatcher, time).HandleAsync(InteractionFixtures.Element(InteractionFixtures.Button("dpse:celebrate:1")), Ct);
        await time.AdvanceUntilAsync(() => fake.All.Count == 1, TimeSpan.FromMilliseconds(100), idle: fake.Idle);
        release.SetResult(Reply.Public(Message.Line("Celebrated")) with { ReplacesCard = true });
        await handling.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(6, fake.All[0].Json["type"]!.GetValue<int>());
        Assert.Equal("PATCH", fake.All[1].Method);
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task Form_RoundTrip_ModalThenSameCommandWithFieldsMerged()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var dispatcher = new FakeDispatcher
        {
            OnRequest = (r, _) => Task.FromResult(r.CanOpenForms
                ? new Reply(Message.Line("form"), Visibility.OnlyInvoker) { Form = new FormRequest(CommandCatalogue.StoryShare, CommandCatalogue.StoryShare.Form!, r.Options) }
                : Reply.Public(Message.Line("Shared S-13"))),
        };
        var handler = Handler(fake, dispatcher, TimeProvider.System);

        await handler.HandleAsync(InteractionFixtures.Element(InteractionFixtures.Command("story share", [("outcome", "failure"), ("org", "Anytown | Council"), ("title", "Search rebuild")])), Ct);

        var modal = fake.All[0].Json;
        Assert.Equal(9, modal["type"]!.GetValue<int>());
        var customId = modal["data"]!["custom_id"]!.GetValue<string>();
        Assert.InRange(customId.Length, 1, 100);
        Assert.Equal("Share a story", modal["data"]!["title"]!.GetValue<string>());
        var inputs = modal["data"]!["components"]!.AsArray().Select(c => c!["component"]!).ToList();
        Assert.Equal(["title", "summary", "lessons", "context", "happened"], inputs.Select(i => i["custom_id"]!.GetValue<string>()));
        Assert.Equal("Search rebuild", inputs[0]["value"]!.GetValue<string>());
        Assert.Equal(2, inputs[1]["style"]!.GetValue<int>());

        foreach (var labelShape in new[] { true, false })
        {
            await handler.HandleAsync(InteractionFixtures.Element(InteractionFixtures.ModalSubmit(customId, [("title", "Search rebuild stalled"), ("summary", "We tried Solr"), ("lessons", "")], labelShape)), Ct);
            var submitted = dispatcher.Requests.Last();
            Assert.Equal("story share", submitted.Path.Value);
            Assert.False(submitted.CanOpenForms);
            Assert.Equal("failure", submitted.Options["outcome"]);
            Assert.Equal("Anytown | Council", submitted.Options["org"]);
            Assert.Equal("Search rebuild stalled", submitted.Options["title"]);
            Assert.Equal("We tried Solr", submitted.Options["summary"]);
            Assert.False(submitted.Options.ContainsKey("lessons"));
            Assert.Equal(4, fake.All[^1].Json["type"]!.GetValue<int>());
        }

        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task Form_GivenOptionsTooLongForCustomId_EphemeralErrorSaysSo()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var dispatcher = new FakeDispatcher
        {
            OnRequest = (r, _) => Task.FromResult(new Reply(Message.Line("form"), Visibility.OnlyInvoker) { Form = new FormRequest(CommandCatalogue.StoryShare, CommandCatalogue.StoryShare.Form!, r.Options) }),
        };

        await Handler(fake, dispatcher, TimeProvider.System).HandleAsync(InteractionFixtures.Element(InteractionFixtures.Command("story share", [("org", new string('o', 90)), ("sector", "local government")])), Ct);

        var callback = Assert.Single(fake.All).Json;
        Assert.Equal(4, callback["type"]!.GetValue<int>());
        Assert.Equal(64, callback["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("do not fit in a form", callback["data"]!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autocomplete_Focused_AnsweredWithAtMost25Choices()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var completions = new FakeCompletions();
        var interaction = InteractionFixtures.Command("story show", [("story", "S-1")], type: 4, focused: "story");

        await Handler(fake, new FakeDispatcher(), TimeProvider.System, completions).HandleAsync(InteractionFixtures.Element(interaction), Ct);

        Assert.Equal(("story show", "story", "S-1"), completions.Asked.Single());
        var callback = Assert.Single(fake.All).Json;
        Assert.Equal(8, callback["type"]!.GetValue<int>());
        var choices = callback["data"]!["choices"]!.AsArray();
        Assert.Equal(25, choices.Count);
        Assert.Equal("S-10 Search rebuild", choices[0]!["name"]!.GetValue<string>());
        Assert.Equal("S-10", choices[0]!["value"]!.GetValue<string>());
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task UserText_WithMentions_PingsNoOne()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var dispatcher = new FakeDispatcher { OnRequest = (r, _) => Task.FromResult(Reply.Public(Message.Simple(r.Options["title"], r.Options["title"]))) };
        const string Title = "@everyone @here <@53908232506183680> <@&539082325061836999>";

        await Handler(fake, dispatcher, TimeProvider.System).HandleAsync(InteractionFixtures.Element(InteractionFixtures.Command("story share", [("title", Title)])), Ct);

        var data = Assert.Single(fake.All).Json["data"]!;
        Assert.Equal("""{"parse":[]}""", data["allowed_mentions"]!.ToJsonString());
        var description = data["embeds"]![0]!["description"]!.GetValue<string>();
        Assert.Equal(@"\@everyone \@here \<\@53908232506183680> \<\@&539082325061836999>", description);
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task Export_Attachment_SentAsAFileWithTheReply()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var export = "{\"stories\":[" + string.Join(',', Enumerable.Range(1, 200).Select(i => $"{{\"id\":\"S-{i}\",\"title\":\"A story long enough to pass the content limit\"}}")) + "]}";
        var dispatcher = new FakeDispatcher { OnRequest = (_, _) => Task.FromResult(Reply.Private(Message.Line("Your data")) with { Attachment = new Attachment("dpse-me.json", export) }) };

        await Handler(fake, dispatcher, TimeProvider.System).HandleAsync(InteractionFixtures.Element(InteractionFixtures.Command("me export")), Ct);

        var callback = Assert.Single(fake.All);
        Assert.StartsWith("multipart/form-data", callback.ContentType, StringComparison.Ordinal);
        Assert.Equal(4, callback.Json["type"]!.GetValue<int>());
        Assert.Equal(64, callback.Json["data"]!["flags"]!.GetValue<int>());
        Assert.Equal("dpse-me.json", callback.Json["data"]!["attachments"]![0]!["filename"]!.GetValue<string>());
        var file = Assert.Single(callback.Files);
        Assert.Equal("files[0]", file.Name);
        Assert.Equal("dpse-me.json", file.FileName);
        Assert.Equal(export, file.Content);
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task RealSamples_SubcommandGroupButtonAndModal_Parsed()
    {
        Assert.SkipWhen(!SharedData.Exists, SharedData.MissingReason);

        var capture = JsonNode.Parse(SharedData.Read("gateway/captured/interaction-create.subcommand-group.discord4j.json"))!["d"]!;
        Assert.Null(DiscordInteractionReader.ReadCommand(InteractionFixtures.Element(capture)));

        capture["data"]!["name"] = "dpse";
        var command = DiscordInteractionReader.ReadCommand(InteractionFixtures.Element(capture));
        Assert.NotNull(command);
        Assert.Equal("group cmd", command.Path);
        Assert.Equal("hello", command.Values["string"]);

        var oldModal = JsonNode.Parse(SharedData.Read("interactions/modal-submit.interaction.docs-2025-04.json"))!;
        Assert.Equal([("name", "John")], DiscordInteractionReader.ModalValues(InteractionFixtures.Element(oldModal["data"]!)));

        await using var fake = await FakeDiscord.StartAsync();
        var dispatcher = new FakeDispatcher();
        var button = JsonNode.Parse(SharedData.Read("interactions/button.interaction.docs-2025-04.json"))!;
        button["data"]!["custom_id"] = "dpse:show-story:4";
        await Handler(fake, dispatcher, TimeProvider.System).HandleAsync(InteractionFixtures.Element(button), Ct);
        Assert.Equal("dpse:show-story:4", Assert.Single(dispatcher.Actions));
        Assert.Equal("/interactions/846462639134605312/unique_interaction_token/callback", Assert.Single(fake.All).Path);
    }

    private sealed class FakeCompletions : ICompletionSource
    {
        public List<(string, string, string)> Asked { get; } = [];

        public Task<IReadOnlyList<Completion>> CompleteAsync(CommandSpec spec, string optionName, string partial, Actor actor, CancellationToken cancellationToken)
        {
            Asked.Add((spec.Path.Value, optionName, partial));
            IReadOnlyList<Completion> all = [.. Enumerable.Range(10, 40).Select(i => new Completion($"S-{i} Search rebuild", $"S-{i}"))];
            return Task.FromResult(all);
        }
    }
}
