using System.Text;
using Dpse.Core.Commands;

namespace Dpse.Core.Help;

/// <summary>The README's command reference, generated from the catalogue (a test keeps the README equal to it).</summary>
public static class CommandReference
{
    /// <summary>Markdown: one table row per command with its usage and description.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("| Command | What it does | Who |\n|---|---|---|\n");
        foreach (var spec in CommandCatalogue.All)
        {
            var who = spec.WhoNote ?? spec.Permission switch
            {
                Permission.Moderator => "moderators",
                Permission.AuthorOrModerator => "author or moderator",
                _ => "anyone",
            };
            text.Append($"| `{spec.Usage.Replace("|", "\\|", StringComparison.Ordinal)}` | {spec.Description} | {who} |\n");
        }

        return text.ToString();
    }
}
