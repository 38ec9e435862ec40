using Microsoft.EntityFrameworkCore;
using Talkie.Avatars;
using Talkie.Avatars.Photo;
using Talkie.Server.Accounts;
using Talkie.Server.Api;
using Talkie.Server.Data;
using Talkie.Server.Jobs;
using Talkie.Server.Plans;
using Talkie.Server.Storage;
using Hangfire;
using Talkie.Server.Webhooks;
using Talkie.Speech;

namespace Talkie.Server.Avatars;

/// <summary>A workspace's avatars: stock ones to pick, photos and trained ones of its own, each with a consent record.</summary>
public sealed class AvatarService(TalkieDb db, AvatarCatalog catalog, VoiceCatalog voices, PhotoAvatarFactory photos, BlobStore blobs, PlanService plans, JobRunner jobs, IBackgroundJobClient hangfire)
{
    /// <summary>Lists stock avatars, then the workspace's own.</summary>
    public async Task<IReadOnlyList<AvatarDto>> ListAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var own = await db.Avatars.AsNoTracking().Where(a => a.WorkspaceId == workspaceId).OrderBy(a => a.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. Stock(), .. own.Select(ToDto)];
    }

    /// <summary>Returns one avatar as the API shows it: a stock one by its <c>stock:</c> id as the list gives it, or one of the workspace's own.</summary>
    public async Task<AvatarDto> GetAsync(string workspaceId, string id, CancellationToken cancellationToken)
        => StockAvatar(id) ?? ToDto(await FindAsync(workspaceId, id, cancellationToken).ConfigureAwait(false));

    /// <summary>Returns one of the workspace's avatars.</summary>
    public async Task<AvatarRecord> FindAsync(string workspaceId, string id, CancellationToken cancellationToken)
        => await db.Avatars.FirstOrDefaultAsync(a => a.Id == id && a.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
           ?? throw ApiProblemException.NotFound("avatar", id);

    /// <summary>Makes a photo avatar from an uploaded portrait (analysed now, so a photo without a usable face is refused at once).</summary>
    public async Task<AvatarDto> CreatePhotoAsync(string workspaceId, string? name, BlobRecord photo, bool allowSmallFace, string? voice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var checkedName = await CheckNameAsync(workspaceId, name, cancellationToken).ConfigureAwait(false);
        var spoken = string.IsNullOrWhiteSpace(voice) ? null
            : voices.Find(voice)?.Id ?? throw ApiProblemException.BadRequest($"\"voice\" '{voice.Trim()}' is not a voice here; GET /v1/voices lists them");
        using var analysed = await photos.CreateAsync(blobs.PathOf(photo.Hash), PhotoFraming.Head, allowSmallFace, cancellationToken).ConfigureAwait(false);

        var record = new AvatarRecord
        {
            Id = Ids.New("av"),
            WorkspaceId = workspaceId,
            Name = checkedName,
            Kind = "photo",
            Status = "ready",
            SourceBlob = photo.Hash,
            AllowSmallFace = allowSmallFace,
            Voice = spoken,
            Consent = ConsentState.Pending,
            CreatedAt = DateTime.UtcNow,
        };
        db.Avatars.Add(record);
        await SaveNewAsync(record, cancellationToken).ConfigureAwait(false);
        return ToDto(record);
    }

    /// <summary>Queues the training of an avatar from uploaded footage.</summary>
    public async Task<AvatarDto> CreateTrainedAsync(string workspaceId, string? name, string? language, BlobRecord footage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(footage);
        var checkedName = await CheckNameAsync(workspaceId, name, cancellationToken).ConfigureAwait(false);
        if (language is not null && (language.Length > 12 || !language.All(c => char.IsAsciiLetter(c) || c == '-') || !voices.IsLanguage(language)))
        {
            // Checked here, as a video's language is, rather than failing later as a job.
            throw ApiProblemException.BadRequest($"\"language\" '{language}' is not a language Talkie knows; give a code such as en, es or de (GET /v1/voices lists the languages spoken), or leave it out for English");
        }

        await plans.CheckQueueAsync(workspaceId, null, cancellationToken).ConfigureAwait(false);
        var id = Ids.New("av");
        var record = new AvatarRecord
        {
            Id = id,
            WorkspaceId = workspaceId,
            Name = checkedName,
            Kind = "trained",
            Status = "training",
            SourceBlob = footage.Hash,
            StoreName = "av-" + id["av_".Length..],
            Consent = ConsentState.Pending,
            Language = language,
            CreatedAt = DateTime.UtcNow,
        };
        var job = JobRunner.Create(db, workspaceId, AvatarJobHandler.JobKind, id);
        record.JobId = job.Id;
        db.Avatars.Add(record);
        await SaveNewAsync(record, cancellationToken).ConfigureAwait(false);
        jobs.Enqueue(job.Id);
        return ToDto(record);
    }

    /// <summary>Deletes an avatar of the workspace (its training is cancelled, its package removed).</summary>
    public async Task DeleteAsync(string workspaceId, string id, Talkie.Avatars.Trained.AvatarStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (StockAvatar(id) is { } stock)
        {
            throw ApiProblemException.BadRequest($"'{stock.Id}' is one of Talkie's stock presenters, which cannot be deleted; delete only this workspace's own avatars (av_…)");
        }

        var record = await FindAsync(workspaceId, id, cancellationToken).ConfigureAwait(false);
        if (record.JobId is not null)
        {
            await JobRunner.RequestCancelAsync(db, record.JobId, cancellationToken).ConfigureAwait(false);
        }

        if (record.StoreName is not null && store.Exists(record.StoreName))
        {
            store.Delete(record.StoreName);
        }

        db.Avatars.Remove(record);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await blobs.CollectAsync(db, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists avatars waiting for a reviewer (every workspace: for administrators).</summary>
    public async Task<IReadOnlyList<AvatarDto>> ReviewQueueAsync(CancellationToken cancellationToken)
    {
        // Avatars whose training failed are nothing to review.
        var rows = await db.Avatars.AsNoTracking().Where(a => (a.Consent == ConsentState.Pending || a.Consent == ConsentState.Verified) && a.Status != "failed")
            .OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToDto).ToList();
    }

    /// <summary>Moves an avatar's consent record: pending → verified → approved, or rejected (a reviewer's decision).</summary>
    public async Task<AvatarDto> DecideAsync(string id, ConsentDecision decision, string reviewerKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var record = await db.Avatars.FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound("avatar", id);
        // By name only: Enum.TryParse also takes "2" for approved.
        if (decision.State is null || decision.State.Any(char.IsAsciiDigit) || !Enum.TryParse<ConsentState>(decision.State, ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted) || wanted == ConsentState.Pending)
        {
            throw ApiProblemException.BadRequest("\"state\" must be verified, approved or rejected");
        }

        if (decision.Note?.Length > 1000)
        {
            throw ApiProblemException.BadRequest($"the \"note\" is {decision.Note.Length} characters long; a reviewer's note is at most 1000");
        }

        var allowed = (record.Consent, wanted) switch
        {
            (ConsentState.Pending, ConsentState.Verified) => true,
            (ConsentState.Verified, ConsentState.Approved) => true,
            (ConsentState.Pending or ConsentState.Verified, ConsentState.Rejected) => true,
            _ => false,
        };
        if (!allowed)
        {
            throw ApiProblemException.Conflict($"consent cannot go from {record.Consent.ToString().ToLowerInvariant()} to {wanted.ToString().ToLowerInvariant()}: it goes pending → verified → approved, or to rejected before approval");
        }

        record.Consent = wanted;
        record.ConsentNote = decision.Note;
        record.ConsentChangedBy = reviewerKey;
        record.ConsentChangedAt = DateTime.UtcNow;
        var deliveries = WebhookPublisher.Record(db, record.WorkspaceId, "avatar.consent", new { record.Id, record.Name, Consent = wanted.ToString().ToLowerInvariant(), decision.Note });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var delivery in deliveries)
        {
            hangfire.Enqueue<WebhookSender>(s => s.DeliverAsync(delivery, CancellationToken.None));
        }

        return ToDto(record);
    }

    // The footage's language as people name it (English when none was given, as training assumes).
    private static string LanguageName(string? language)
    {
        var primary = VoiceCatalog.NormalizeLanguage(language ?? "en").Split('-')[0];
        return VoiceCatalog.IsLanguageCode(primary) ? System.Globalization.CultureInfo.GetCultureInfo(primary).EnglishName : primary;
    }

    // The record keeps one message: why training failed, or, for a ready avatar, the training's notes.
    internal static AvatarDto ToDto(AvatarRecord a) => new(
        a.Id,
        a.Name,
        a.Kind,
        a.Status,
        a.Kind == "photo" ? "animated from a portrait" : $"trained from footage in {LanguageName(a.Language)}",
        a.Consent.ToString().ToLowerInvariant(),
        a.JobId,
        a.Status == "ready" ? null : a.Error,
        a.Status == "ready" && a.Consent == ConsentState.Approved,
        a.Status == "ready" ? a.Error : null,
        a.Voice);

    private IEnumerable<AvatarDto> Stock()
        => catalog.Avatars.Where(a => a.Kind == "stock").Select(a => new AvatarDto(a.Id, a.Name, "stock", "ready", a.Description, null, null, null, true, null));

    private AvatarDto? StockAvatar(string id) => Stock().FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase));

    private async Task<string> CheckNameAsync(string workspaceId, string? name, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 60)
        {
            throw ApiProblemException.BadRequest("give the avatar a \"name\" of 1 to 60 characters");
        }

        if (trimmed.Any(char.IsControl))
        {
            throw ApiProblemException.BadRequest("the avatar's \"name\" has a control character (a tab or a line break); give it a name on one line");
        }

        // Names are told apart as people read them: "Maria" and "maria", or a stock presenter's name, would be lookalikes in the gallery.
        if (Stock().FirstOrDefault(a => string.Equals(a.Name, trimmed, StringComparison.OrdinalIgnoreCase)) is { } stock)
        {
            throw ApiProblemException.Conflict($"'{stock.Name}' is the name of one of Talkie's stock presenters ({stock.Id}); choose another name");
        }

        if (await db.Avatars.AnyAsync(a => a.WorkspaceId == workspaceId && EF.Functions.Collate(a.Name, "NOCASE") == trimmed, cancellationToken).ConfigureAwait(false))
        {
            throw Taken(trimmed);
        }

        return trimmed;
    }

    private static ApiProblemException Taken(string name)
        => ApiProblemException.Conflict($"this workspace already has an avatar named '{name}'; choose another name or delete that one");

    // Saves a new avatar; two requests naming one at the same moment both pass the name check, and the database's
    // unique index refuses the second: it gets the same answer as if it had come later.
    private async Task SaveNewAsync(AvatarRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Avatars.AsNoTracking().AnyAsync(a => a.WorkspaceId == record.WorkspaceId && a.Name == record.Name, cancellationToken).ConfigureAwait(false))
            {
                throw Taken(record.Name);
            }

            throw;
        }
    }
}
