using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dpse.Core.Commands;
using Dpse.Discord.Rendering;

namespace Dpse.Discord.Commands;

/// <summary>
/// Renders the core catalogue as one <c>/dpse</c> CHAT_INPUT command: two-word paths become subcommand groups
/// (<c>story</c> → <c>share</c>, …), one-word paths plain subcommands (<c>help</c>). Options are typed (STRING with
/// max_length, INTEGER with bounds, choices, autocomplete) and checked against Discord's limits, so a catalogue that
/// Discord would refuse fails at start, not in front of a user.
/// </summary>
internal static partial class DiscordCommandBuilder
{
    public const string RootName = "dpse";
    public const string RootDescription = "The Drupal Public Sector Exchange: stories, events and digests";

    private const int SubCommand = 1;
    private const int SubCommandGroup = 2;
    private const int StringOption = 3;
    private const int IntegerOption = 4;

    /// <summary>The bulk-overwrite body: an array holding the one <c>/dpse</c> command.</summary>
    public static JsonArray Build(IReadOnlyList<CommandSpec> catalogue)
    {
        var top = new JsonArray();
        var groups = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (var spec in catalogue)
        {
            var segments = spec.Path.Segments;
            switch (segments.Count)
            {
                case 1:
                    top.Add(Sub(segments[0], spec));
                    break;
                case 2:
                    if (!groups.TryGetValue(segments[0], out var subs))
                    {
                        subs = [];
                        groups[segments[0]] = subs;
                        top.Add(new JsonObject
                        {
                            ["type"] = SubCommandGroup,
                            ["name"] = segments[0],
                            ["description"] = GroupDescription(segments[0]),
                            ["options"] = subs,
                        });
                    }

                    subs.Add(Sub(segments[1], spec));
                    break;
                default:
                    throw new InvalidOperationException($"Command '{spec.Path}' has {segments.Count} words; Discord nests at most a group and a subcommand.");
            }
        }

        var root = new JsonObject
        {
            ["type"] = 1,
            ["name"] = RootName,
            ["description"] = RootDescription,
            ["options"] = top,
        };
        Validate(root);
        return [root];
    }

    private static string GroupDescription(string group) => group switch
    {
        "story" => "Share, find and celebrate project stories",
        "event" => "Meetups and other events",
        "digest" => "The weekly digest in this channel",
        "reminders" => "Event reminders",
        "mod" => "Moderation",
        "me" => "Your own data",
        _ => string.Create(CultureInfo.InvariantCulture, $"{group} commands"),
    };

    private static JsonObject Sub(string name, CommandSpec spec)
    {
        var options = new JsonArray();
        foreach (var option in spec.Options.OrderBy(o => o.Required ? 0 : 1))
        {
            options.Add(Option(option));
        }

        return new JsonObject
        {
            ["type"] = SubCommand,
            ["name"] = name,
            ["description"] = spec.Description,
            ["options"] = options,
        };
    }

    private static JsonObject Option(OptionSpec option)
    {
        var json = new JsonObject
        {
            ["name"] = option.Name,
            ["description"] = option.Description,
            ["required"] = option.Required,
        };
        if (option.Kind == OptionKind.Integer)
        {
            json["type"] = IntegerOption;
            if (option.Min is { } min)
            {
                json["min_value"] = min;
            }

            if (option.Max is { } max)
            {
                json["max_value"] = max;
            }

            return json;
        }

        json["type"] = StringOption;
        if (option.Kind == OptionKind.Choice && option.Choices.Count > 0)
        {
            json["choices"] = new JsonArray([.. option.Choices.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["value"] = c })]);
            return json;
        }

        json["max_length"] = option.MaxLength;
        if (option.Autocomplete)
        {
            json["autocomplete"] = true;
        }

        return json;
    }

    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$")]
    private static partial Regex NamePattern();

    /// <summary>Throws naming the first thing Discord would refuse.</summary>
    public static void Validate(JsonObject command)
    {
        var problems = new List<string>();
        var total = 0;
        Check(command, "/", depth: 0);
        if (total > DiscordLimits.CommandTotalText)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the command's names, descriptions and choices add up to {total} characters (Discord allows {DiscordLimits.CommandTotalText})"));
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The Discord command definition breaks Discord's limits: " + string.Join("; ", problems));
        }

        void Check(JsonObject node, string parent, int depth)
        {
            var name = node["name"]?.GetValue<string>() ?? "";
            var path = parent + name;
            var description = node["description"]?.GetValue<string>() ?? "";
            total += name.Length + description.Length;
            if (!NamePattern().IsMatch(name) || name != name.ToLowerInvariant())
            {
                problems.Add($"{path}: name must be 1-{DiscordLimits.CommandName} lower-case letters, digits, - or _");
            }

            if (description.Length is 0 or > DiscordLimits.CommandDescription)
            {
                problems.Add($"{path}: description must be 1-{DiscordLimits.CommandDescription} characters");
            }

            if (node["choices"] is JsonArray choices)
            {
                if (choices.Count > DiscordLimits.CommandChoices)
                {
                    problems.Add($"{path}: more than {DiscordLimits.CommandChoices} choices");
                }

                foreach (var choice in choices)
                {
                    var choiceName = choice?["name"]?.GetValue<string>() ?? "";
                    var value = choice?["value"]?.GetValue<string>() ?? "";
                    total += choiceName.Length + value.Length;
                    if (choiceName.Length is 0 or > DiscordLimits.ChoiceName || value.Length > DiscordLimits.ChoiceValue)
                    {
                        problems.Add($"{path}: choice '{choiceName}' is too long");
                    }
                }

                if (node["autocomplete"] is not null)
                {
                    problems.Add($"{path}: autocomplete and choices exclude each other");
                }
            }

            if (node["max_length"] is JsonValue maxLength && maxLength.GetValue<int>() is < 1 or > DiscordLimits.OptionMaxLength)
            {
                problems.Add($"{path}: max_length must be 1-{DiscordLimits.OptionMaxLength}");
            }

            if (node["options"] is JsonArray options)
            {
                if (options.Count > DiscordLimits.CommandOptions)
                {
                    problems.Add($"{path}: more than {DiscordLimits.CommandOptions} options");
                }

                var names = new HashSet<string>(StringComparer.Ordinal);
                var seenOptional = false;
                foreach (var child in options.OfType<JsonObject>())
                {
                    var childName = child["name"]?.GetValue<string>() ?? "";
                    if (!names.Add(childName))
                    {
                        problems.Add($"{path}: option '{childName}' appears twice");
                    }

                    var type = child["type"]?.GetValue<int>() ?? 0;
                    if (type is SubCommand or SubCommandGroup)
                    {
                        if (type == SubCommandGroup && depth > 0)
                        {
                            problems.Add($"{path}: groups cannot nest");
                        }
                    }
                    else
                    {
                        var required = child["required"]?.GetValue<bool>() ?? false;
                        if (required && seenOptional)
                        {
                            problems.Add($"{path}: required option '{childName}' after an optional one");
                        }

                        seenOptional |= !required;
                    }

                    Check(child, path + " ", depth + 1);
                }
            }
        }
    }
}
