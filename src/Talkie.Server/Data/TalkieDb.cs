using Microsoft.EntityFrameworkCore;

namespace Talkie.Server.Data;

/// <summary>The platform's records. SQLite by default; nothing here is SQLite-specific, so PostgreSQL can take its place.</summary>
public sealed class TalkieDb(DbContextOptions<TalkieDb> options) : DbContext(options)
{
    /// <summary>Gets the workspaces.</summary>
    public DbSet<Workspace> Workspaces => Set<Workspace>();

    /// <summary>Gets the API keys.</summary>
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>Gets the photo and trained avatars.</summary>
    public DbSet<AvatarRecord> Avatars => Set<AvatarRecord>();

    /// <summary>Gets the videos.</summary>
    public DbSet<VideoRecord> Videos => Set<VideoRecord>();

    /// <summary>Gets the localizations.</summary>
    public DbSet<LocalizationRecord> Localizations => Set<LocalizationRecord>();

    /// <summary>Gets the jobs.</summary>
    public DbSet<JobRecord> Jobs => Set<JobRecord>();

    /// <summary>Gets the usage records.</summary>
    public DbSet<UsageRecord> Usage => Set<UsageRecord>();

    /// <summary>Gets the webhook endpoints.</summary>
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    /// <summary>Gets the webhook deliveries.</summary>
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    /// <summary>Gets the uploads.</summary>
    public DbSet<UploadRecord> Uploads => Set<UploadRecord>();

    /// <summary>Gets the stored files.</summary>
    public DbSet<BlobRecord> Blobs => Set<BlobRecord>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time is stored and read as UTC (SQLite keeps no kind), so the API writes them with a Z.
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Workspace>().HasKey(w => w.Id);
        modelBuilder.Entity<ApiKey>(e =>
        {
            e.HasKey(k => k.Id);
            e.HasIndex(k => k.WorkspaceId);
        });
        modelBuilder.Entity<AvatarRecord>(e =>
        {
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.WorkspaceId, a.Name }).IsUnique();
            e.Property(a => a.Consent).HasConversion<string>();
        });
        modelBuilder.Entity<VideoRecord>(e =>
        {
            e.HasKey(v => v.Id);
            e.HasIndex(v => new { v.WorkspaceId, v.CreatedAt });
        });
        modelBuilder.Entity<LocalizationRecord>(e =>
        {
            e.HasKey(l => l.Id);
            e.HasIndex(l => l.WorkspaceId);
        });
        modelBuilder.Entity<JobRecord>(e =>
        {
            e.HasKey(j => j.Id);
            e.HasIndex(j => new { j.WorkspaceId, j.Status });
        });
        modelBuilder.Entity<UsageRecord>(e =>
        {
            e.HasKey(u => u.JobId);
            e.HasIndex(u => new { u.WorkspaceId, u.CreatedAt });
        });
        modelBuilder.Entity<WebhookEndpoint>(e =>
        {
            e.HasKey(w => w.Id);
            e.HasIndex(w => w.WorkspaceId);
        });
        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.HasKey(d => d.Id);
            e.HasIndex(d => new { d.WorkspaceId, d.CreatedAt });
        });
        modelBuilder.Entity<BlobRecord>().HasKey(b => b.Hash);
        modelBuilder.Entity<UploadRecord>(e =>
        {
            e.HasKey(u => u.Id);
            e.HasIndex(u => u.WorkspaceId);
        });
    }

    private sealed class UtcConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
