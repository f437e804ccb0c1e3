namespace Dpse.Core.Channels;

/// <summary>Where <c>reminders on|off</c> applies: this channel (moderators) or the invoker's direct messages.</summary>
public enum ReminderTarget
{
    /// <summary>Reminders posted in this channel.</summary>
    Channel,

    /// <summary>Reminders sent to the invoker as direct messages.</summary>
    Dm,
}
