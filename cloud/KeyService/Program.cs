using ShareKey.KeyService.Cli;

return await CommandRegistry.Build(Console.Out, Console.Error).Parse(args).InvokeAsync();
