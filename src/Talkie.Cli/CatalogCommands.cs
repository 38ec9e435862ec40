using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Talkie.Avatars;
using Talkie.Speech;

namespace Talkie.Cli;

/// <summary><c>talkie voices</c> and <c>talkie avatars</c>.</summary>
internal static class CatalogCommands
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Voices()
    {
        var lang = new Option<string?>("--lang", "-l") { Description = "Only voices of this language (e.g. en, es, pt-br, cmn)" };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        var command = new Command("voices", "List the voices: id, language, gender, engine, sample rate") { lang, format };
        command.SetAction(parse => TalkieCommand.GuardAsync(() =>
        {
            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose));
            var catalog = services.GetRequiredService<VoiceCatalog>();
            var wanted = parse.GetValue(lang);
            var voices = wanted is null ? catalog.Voices : catalog.ForLanguage(wanted);
            if (voices.Count == 0)
            {
                throw new UnknownVoiceException(catalog.Voices.Count == 0
                    ? "no speech engine is installed; run ./talkie setup"
                    : $"no voice speaks '{wanted}'; run `talkie voices` to list the {catalog.Languages.Count} languages");
            }

            if (IsJson(parse.GetValue(format)))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    voices.Select(v => new { v.Id, v.Name, v.Language, v.LanguageName, Gender = v.Gender.ToString().ToLowerInvariant(), v.Engine, v.SampleRate }),
                    Json));
                return Task.FromResult(0);
            }

            if (Console.IsOutputRedirected)
            {
                // Piped: plain tab-separated lines that scripts can cut.
                Console.WriteLine("id\tlanguage\tname\tgender\tengine\trate");
                foreach (var v in voices)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{v.Id}\t{v.Language}\t{v.LanguageName}\t{v.Gender.ToString().ToLowerInvariant()}\t{v.Engine}\t{v.SampleRate}"));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{voices.Count} voices, {voices.Select(v => v.Language).Distinct().Count()} languages"));
                return Task.FromResult(0);
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("id", "language", "name", "gender", "engine", "rate");
            foreach (var v in voices)
            {
                table.AddRow(Markup.Escape(v.Id), v.Language, Markup.Escape(v.LanguageName), v.Gender.ToString().ToLowerInvariant(), v.Engine, v.SampleRate.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{voices.Count} voices, {voices.Select(v => v.Language).Distinct().Count()} languages"));
            return Task.FromResult(0);
        }));
        return command;
    }

    public static Command Avatars()
    {
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        var command = new Command("avatars", "List the presenters") { format };
        command.SetAction(parse => TalkieCommand.GuardAsync(() =>
        {
            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose));
            var avatars = services.GetRequiredService<AvatarCatalog>().Avatars;
            if (IsJson(parse.GetValue(format)))
            {
                Console.WriteLine(JsonSerializer.Serialize(avatars.Select(a => new { a.Id, a.Name, a.Kind, Gender = a.Gender.ToString().ToLowerInvariant(), a.Description }), Json));
                return Task.FromResult(0);
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("id", "name", "kind", "looks");
            foreach (var a in avatars)
            {
                table.AddRow(a.Id, a.Name, a.Kind, Markup.Escape(a.Description));
            }

            AnsiConsole.Write(table);
            return Task.FromResult(0);
        }));
        return command;
    }

    public static bool IsJson(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        "json" => true,
        "table" or "tsv" or "text" or null => false,
        var other => throw new InvalidInputException($"format '{other}' is not one of table (or text), json"),
    };
}
