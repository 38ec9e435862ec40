using Talkie.Cli;

return await TalkieCommand.RunAsync(args);
