using Dpse.Bot.Hosting;
using Dpse.Bot.Shell;

return await BotProgram.RunAsync(args, ShellConsole.FromProcess(), Console.Out, Console.Error);
