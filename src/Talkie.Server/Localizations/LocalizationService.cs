using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Talkie.Localization;
using Talkie.Server.Accounts;
using Talkie.Server.Api;
using Talkie.Server.Data;
using Talkie.Server.Jobs;
using Talkie.Server.Plans;
using Talkie.Speech;

namespace Talkie.Server.Localizations;

/// <summary>Dubs of uploaded videos: start (listen and translate), review the segments, render.</summary>
public sealed class LocalizationService(TalkieDb db, Localizer localizer, VoiceCatalog voices, PlanService plans, JobRunner jobs, IOptions<ServerOptions> options)
{
    /// <summary>Starts a dub: the video is heard and translated, then waits for review.</summary>
    public async Task<LocalizationDto> StartAsync(string workspaceId, BlobRecord video, string? from, string? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(video);
        var source = string.IsNullOrWhiteSpace(from) ? "en" : from.Trim().ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(to))
        {
            throw ApiProblemException.BadRequest("give \"to\", the language of the dub (GET /v1/localizations/languages lists them)");
        }

        var target = to.Trim().ToLowerInvariant();
        var directions = localizer.Directions();
        if (!directions.Any(d => d.Direction.From == source && d.Direction.To == target && !d.NeedsTranscript))
        {
            throw ApiProblemException.BadRequest($"there is no dub from '{source}' to '{target}'; the directions are {string.Join(", ", directions.Where(d => !d.NeedsTranscript).Select(d => $"{d.Direction.From}→{d.Direction.To}"))}");
        }

        await plans.CheckQueueAsync(workspaceId, null, cancellationToken).ConfigureAwait(false);
        var id = Ids.New("loc");
        var record = new LocalizationRecord
        {
            Id = id,
            WorkspaceId = workspaceId,
            SourceBlob = video.Hash,
            From = source,
            To = target,
            Status = JobStatus.Queued,
            JobId = string.Empty,
            Folder = Path.Combine(options.Value.DataDirectory, "localizations", id),
            CreatedAt = DateTime.UtcNow,
        };
        var job = JobRunner.Create(db, workspaceId, LocalizationJobHandler.ReviewKind, id);
        record.JobId = job.Id;
        db.Localizations.Add(record);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        jobs.Enqueue(job.Id);
        return await GetAsync(workspaceId, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the workspace's dubs.</summary>
    public async Task<IReadOnlyList<LocalizationDto>> ListAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var rows = await (from l in db.Localizations.AsNoTracking()
                          join j in db.Jobs.AsNoTracking() on l.JobId equals j.Id
                          where l.WorkspaceId == workspaceId
                          orderby l.CreatedAt descending
                          select new { l, j }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => ToDto(r.l, r.j)).ToList();
    }

    /// <summary>Returns one dub.</summary>
    public async Task<LocalizationDto> GetAsync(string workspaceId, string id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(workspaceId, id, cancellationToken).ConfigureAwait(false);
        var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == record.JobId, cancellationToken).ConfigureAwait(false);
        return ToDto(record, job);
    }

    /// <summary>Finds a dub of the workspace (404 otherwise).</summary>
    public async Task<LocalizationRecord> FindAsync(string workspaceId, string id, CancellationToken cancellationToken)
        => await db.Localizations.FirstOrDefaultAsync(l => l.Id == id && l.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
           ?? throw ApiProblemException.NotFound("localization", id);

    /// <summary>Returns the project under review (segments with their source and translation).</summary>
    public async Task<LocalizationProject> ProjectAsync(string workspaceId, string id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(workspaceId, id, cancellationToken).ConfigureAwait(false);
        var path = ProjectPath(record);
        if (!File.Exists(path))
        {
            throw ApiProblemException.Conflict($"the dub is {record.Status}; its project is there once it has been translated (status review)");
        }

        return LocalizationProject.Load(path);
    }

    /// <summary>Applies a review's edits to the project. Only texts and the voice can change: the video and timing stay the server's.</summary>
    public async Task<LocalizationProject> EditAsync(string workspaceId, string id, ProjectEdit edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var record = await FindAsync(workspaceId, id, cancellationToken).ConfigureAwait(false);
        if (!Reviewable(record))
        {
            throw ApiProblemException.Conflict($"the dub is {record.Status}; it can be edited while its status is review (or after its render failed)");
        }

        var path = ProjectPath(record);
        var project = LocalizationProject.Load(path);
        var segments = project.Segments.ToDictionary(s => s.Id);
        var changes = edit.Segments ?? [];
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i] ?? throw ApiProblemException.BadRequest($"\"segments\"[{i}] is null; each edit is an object with \"id\" and \"source\" and/or \"target\"");
            if (!segments.TryGetValue(change.Id, out var segment))
            {
                throw ApiProblemException.BadRequest($"the project has no segment {change.Id}; its segments are 1 to {project.Segments.Count}");
            }

            if (change.Source?.Length > 2000 || change.Target?.Length > 2000)
            {
                throw ApiProblemException.BadRequest($"segment {change.Id}'s text is longer than 2000 characters");
            }

            segments[change.Id] = segment with { Source = change.Source ?? segment.Source, Target = change.Target ?? segment.Target };
        }

        var edited = project with { Segments = project.Segments.Select(s => segments[s.Id]).ToList(), Voice = edit.Voice is null ? project.Voice : CheckVoice(edit.Voice, project.To) };
        try
        {
            edited.Check("the project");
        }
        catch (InvalidInputException invalid)
        {
            throw ApiProblemException.BadRequest(invalid.Message);
        }

        var temp = path + ".new";
        edited.Save(temp);
        File.Move(temp, path, overwrite: true);
        if (record.Status != "review")
        {
            // Edited after a failed render: back in review, the failure's message cleared.
            record.Status = "review";
            record.Error = null;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return edited;
    }

    /// <summary>Queues the render of the reviewed project.</summary>
    public async Task<LocalizationDto> RenderAsync(string workspaceId, string id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(workspaceId, id, cancellationToken).ConfigureAwait(false);
        if (!Reviewable(record))
        {
            throw ApiProblemException.Conflict($"the dub is {record.Status}; it can be rendered once it is in review (or again after its render failed)");
        }

        record.Error = null;

        await plans.CheckQueueAsync(workspaceId, null, cancellationToken).ConfigureAwait(false);
        var job = JobRunner.Create(db, workspaceId, LocalizationJobHandler.RenderKind, id);
        record.JobId = job.Id;
        record.Status = JobStatus.Queued;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        jobs.Enqueue(job.Id);
        return ToDto(record, job);
    }

    // A dub is open to review while in review, and again after its render failed or was cancelled: the
    // reviewed project is kept, so a render that fails (a voice that cannot speak a segment) loses no edits.
    private static bool Reviewable(LocalizationRecord record)
        => record.Status == "review" || ((record.Status == JobStatus.Failed || record.Status == JobStatus.Cancelled) && record.Folder is not null && File.Exists(ProjectPath(record)));

    // The review's voice: "" goes back to the default (the best voice of the language for the speaker);
    // any other must be a voice that speaks the dub's language, checked now rather than at render time.
    private string? CheckVoice(string voice, string language)
    {
        if (string.IsNullOrWhiteSpace(voice))
        {
            return null;
        }

        var found = voices.Find(voice) ?? throw ApiProblemException.BadRequest($"there is no voice '{voice.Trim()}'; GET /v1/voices?lang={language} lists the voices of this dub's language (or send \"\" for the default)");
        return voices.ForLanguage(language).Contains(found)
            ? found.Id
            : throw ApiProblemException.BadRequest($"voice '{found.Id}' speaks {found.LanguageName} ({found.Language}), not this dub's language ('{language}'); GET /v1/voices?lang={language} lists the voices that do (or send \"\" for the default)");
    }

    /// <summary>Deletes a dub: its job is cancelled, its folder and files removed.</summary>
    public async Task DeleteAsync(string workspaceId, string id, Storage.BlobStore blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var record = await FindAsync(workspaceId, id, cancellationToken).ConfigureAwait(false);
        await JobRunner.RequestCancelAsync(db, record.JobId, cancellationToken).ConfigureAwait(false);
        db.Localizations.Remove(record);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (record.Folder is { } folder && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        await blobs.CollectAsync(db, cancellationToken).ConfigureAwait(false);
    }

    internal static string ProjectPath(LocalizationRecord record) => Path.Combine(record.Folder!, "dub.project.json");

    private static LocalizationDto ToDto(LocalizationRecord l, JobRecord j)
        => new(l.Id, l.From, l.To, l.Status, l.JobId, j.Stage, j.Percent, l.Error, l.CreatedAt, l.Status == JobStatus.Succeeded ? $"/v1/localizations/{l.Id}/download" : null);
}
