using ShareKey.KeyService.Cli;

return CommandRegistry.Build(Console.Out, Console.Error).Parse(args).Invoke();
