using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Core.Parsing;

namespace Dpse.Core.Help;

/// <summary><c>help</c>: an overview generated from the catalogue, or one command in detail.</summary>
public sealed class HelpCommand
{
    /// <summary>The handler.</summary>
    public IEnumerable<ICommandHandler> Handlers() => [new CommandHandler(CommandCatalogue.Help, HandleAsync)];

    private static Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var asked = invocation.Get(CommandOptions.Command);
        if (asked is null)
        {
            return Task.FromResult(Reply.Private(Overview()));
        }

        var path = asked.Trim().TrimStart('/');
        if (path.StartsWith("dpse ", StringComparison.OrdinalIgnoreCase))
        {
            path = path[5..];
        }

        if (CommandCatalogue.Find(path) is { } spec)
        {
            return Task.FromResult(Reply.Private(Detail(spec)));
        }

        var group = CommandCatalogue.All.Where(c => c.Path.Segments[0] == path.Trim().ToLowerInvariant()).ToList();
        if (group.Count > 0)
        {
            return Task.FromResult(Reply.Private(Group(path.Trim().ToLowerInvariant(), group)));
        }

        return Task.FromResult(Reply.Error($"There is no command '{CommandTextParser.Shorten(asked)}'. Type /dpse help for the list."));
    }

    /// <summary>Every command with its one-line description, grouped.</summary>
    public static Message Overview()
    {
        var blocks = new List<MessageBlock>
        {
            new HeaderBlock("Drupal Public Sector Exchange"),
            TextBlock.Plain("Share the successes and the failures of public-sector Drupal projects, find what others learned, and meet at events. Type /dpse help <command> for details."),
        };
        foreach (var group in CommandCatalogue.All.GroupBy(c => c.Path.Segments[0]))
        {
            var spans = new List<TextSpan>();
            foreach (var spec in group)
            {
                if (spans.Count > 0)
                {
                    spans.Add(LineBreakSpan.Instance);
                }

                spans.Add(new CodeSpan($"/dpse {spec.Path}"));
                spans.Add(new PlainSpan($" — {spec.Description}{(spec.Permission == Permission.Moderator ? " (moderators)" : "")}"));
            }

            blocks.Add(new TextBlock(spans));
        }

        blocks.Add(ContextBlock.Plain("Stories are S-n and events E-n; you may type S-12, s12 or 12."));
        return new Message(blocks) { FallbackText = "Dpse help" };
    }

    /// <summary>One command: description, usage, every option.</summary>
    public static Message Detail(CommandSpec spec)
    {
        var spans = new List<TextSpan>();
        foreach (var option in spec.Options)
        {
            if (spans.Count > 0)
            {
                spans.Add(LineBreakSpan.Instance);
            }

            spans.Add(new CodeSpan(option.Usage));
            var limits = option.Kind is OptionKind.Text or OptionKind.LongText ? $" (up to {option.MaxLength} characters)" : "";
            spans.Add(new PlainSpan($" — {option.Description}{limits}"));
        }

        var blocks = new List<MessageBlock>
        {
            new HeaderBlock($"/dpse {spec.Path}"),
            TextBlock.Plain(spec.Description + (spec.WhoNote is { } who ? $". Who: {who}." : spec.Permission switch
            {
                Permission.Moderator => ". Moderators only.",
                Permission.AuthorOrModerator => ". Its author or a moderator.",
                _ => ".",
            })),
            new TextBlock([new BoldSpan("Usage"), LineBreakSpan.Instance, new CodeSpan(spec.Usage)]),
        };
        if (spans.Count > 0)
        {
            blocks.Add(new TextBlock(spans));
        }

        if (spec.Form is { } form)
        {
            blocks.Add(ContextBlock.Plain($"Leave out {string.Join(", ", form.Fields)} and a form asks for them."));
        }

        return new Message(blocks) { FallbackText = $"/dpse {spec.Path}" };
    }

    private static Message Group(string name, IReadOnlyList<CommandSpec> group)
    {
        var spans = new List<TextSpan>();
        foreach (var spec in group)
        {
            if (spans.Count > 0)
            {
                spans.Add(LineBreakSpan.Instance);
            }

            spans.Add(new CodeSpan(spec.Usage));
            spans.Add(LineBreakSpan.Instance);
            spans.Add(new PlainSpan("  " + spec.Description));
        }

        return new Message([new HeaderBlock($"/dpse {name}"), new TextBlock(spans)]) { FallbackText = $"/dpse {name}" };
    }
}
