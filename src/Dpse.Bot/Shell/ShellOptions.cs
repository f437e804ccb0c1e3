using System.ComponentModel.DataAnnotations;

namespace Dpse.Bot.Shell;

/// <summary>
/// Who the terminal user is (section <c>Dpse:Shell</c>). Two runs with different users act as two people on the
/// same exchange, e.g. <c>Dpse__Shell__User=sam Dpse__Shell__Moderator=false</c>.
/// </summary>
public sealed class ShellOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dpse:Shell";

    /// <summary>The shell user's id.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9._@-]{1,64}$", ErrorMessage = "Dpse:Shell:User must be 1-64 letters, digits or . _ @ -.")]
    public string User { get; set; } = "you";

    /// <summary>The name shown on what the user shares; defaults to <see cref="User"/>.</summary>
    [StringLength(80)]
    public string? DisplayName { get; set; }

    /// <summary>Whether the shell user is a moderator. True by default: whoever runs the bot in a terminal owns it.</summary>
    public bool Moderator { get; set; } = true;

    /// <summary>The channel the shell user types in; digests and reminders for it are printed.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Dpse:Shell:Channel must be 1-64 letters, digits or . _ -.")]
    public string Channel { get; set; } = "terminal";
}
