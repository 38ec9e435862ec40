using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Serilog;
using Talkie.Avatars.Photo;
using Talkie.Avatars.Trained;
using Talkie.Composition;
using Talkie.Localization;
using Talkie.Server.Accounts;
using Talkie.Server.Api;
using Talkie.Server.Avatars;
using Talkie.Server.Data;
using Talkie.Server.Jobs;
using Talkie.Server.Localizations;
using Talkie.Server.Plans;
using Talkie.Server.Storage;
using Talkie.Server.Studio;
using Talkie.Server.Videos;
using Talkie.Server.Webhooks;
using Talkie.Vision;

namespace Talkie.Server;

/// <summary>Builds and starts the server: one process with the API, the studio, the queue and its workers.</summary>
public static class ServerHost
{
    /// <summary>The API's authorization policy (a key).</summary>
    public const string ApiPolicy = "api";

    /// <summary>The administrators' policy.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>The API's rate limit (per key, from the plan).</summary>
    public const string RatePolicy = "per-key";

    /// <summary>The scheme that picks the key or the cookie.</summary>
    public const string DefaultScheme = "Talkie";

    /// <summary>The studio's policy (signed in with the cookie).</summary>
    public const string StudioPolicy = "studio";

    /// <summary>The studio's policy for administrators (the consent review).</summary>
    public const string StudioAdminPolicy = "studio-admin";

    /// <summary>The studio's cookie scheme.</summary>
    public const string StudioScheme = "Studio";

    /// <summary>Adds everything the server needs to a builder.</summary>
    public static void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddJsonFile(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "talkie", "settings.json"), optional: true);
        var services = builder.Services;
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure(o =>
            {
                o.DataDirectory = Path.GetFullPath(o.DataDirectory);
                Directory.CreateDirectory(Path.Combine(o.DataDirectory, "logs"));
            });

        // Everything that needs the data folder reads it from the options when first used, so
        // settings from any source (file, environment, a test host) apply.
        services.AddTalkieComposition();
        services.AddTalkieLocalization();
        services.AddTalkieVision();
        services.AddOptions<TrainedAvatarOptions>().PostConfigure<IOptions<ServerOptions>>((o, s) => o.Directory = Path.Combine(s.Value.DataDirectory, "avatars"));
        services.AddOptions<PhotoAvatarOptions>().PostConfigure<IOptions<ServerOptions>>((o, s) => o.CacheDirectory = Path.Combine(s.Value.DataDirectory, "cache", "photos"));
        services.AddSingleton<ILoggerProvider>(sp => new Serilog.Extensions.Logging.SerilogLoggerProvider(
            new LoggerConfiguration().MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("Hangfire", Serilog.Events.LogEventLevel.Warning)
                .WriteTo.File(Path.Combine(sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirectory, "logs", "server-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, formatProvider: CultureInfo.InvariantCulture)
                .CreateLogger(),
            dispose: true));

        // Cookie and antiforgery keys live with the data, so sessions survive a restart.
        services.AddDataProtection().SetApplicationName("Talkie");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<ServerOptions>, ILoggerFactory>((k, s, logs)
            => k.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(s.Value.DataDirectory, "keys")), logs));
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddDbContextPool<TalkieDb>((sp, o) => o.UseSqlite($"Data Source={Path.Combine(sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirectory, "talkie.db")};Default Timeout=30;Pooling=True"));
        services.AddSingleton<BlobStore>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<PlanService>();
        services.AddScoped<VideoService>();
        services.AddScoped<AvatarService>();
        services.AddScoped<LocalizationService>();
        services.AddSingleton<PreviewService>();
        services.AddSingleton<ThumbnailService>();
        services.AddSingleton<JobRunner>();
        services.AddScoped<IJobHandler, VideoJobHandler>();
        services.AddScoped<IJobHandler, AvatarJobHandler>();
        services.AddScoped<LocalizationJobHandler>();
        services.AddScoped<IJobHandler>(sp => sp.GetRequiredService<LocalizationJobHandler>());
        services.AddScoped<IJobHandler, LocalizationRenderJobHandler>();
        services.AddScoped<WebhookSender>();
        services.AddScoped<CacheTrimmer>();
        // Deliveries follow no redirect (a public endpoint could point on to a private one), go through no proxy (the
        // check would see the proxy's address) and connect only where WebhookAddresses allows.
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<IOptions<ServerOptions>>().Value.WebhookPrivateAddresses;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    ConnectCallback = (context, ct) => WebhookAddresses.ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
                };
            });

        // Before the queue's workers start: the database exists before any job reads it.
        services.AddSingleton<ServerInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<ServerInitializer>());

        // This host's own job storage and activator, in its container. Hangfire's defaults read the
        // process-wide JobStorage.Current and JobActivator.Current when first asked, so a second host
        // started in the same process (the tests run several side by side) could hand this host the
        // other's database: its jobs then sat queued where no worker of its own looked.
        services.AddSingleton<JobStorage>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            return new SQLiteStorage(Path.Combine(settings.DataDirectory, "hangfire.db"), new SQLiteStorageOptions
            {
                InvisibilityTimeout = settings.InvisibilityTimeout,
                QueuePollInterval = settings.QueuePollInterval,
            });
        });
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        services.AddHangfireServer((sp, o) =>
        {
            // An API-only node (Workers 0) listens to a queue no job is put on.
            var settings = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            o.WorkerCount = Math.Max(1, settings.Workers);
            o.Queues = settings.Workers > 0 ? ["default"] : ["api-only"];
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.ServerName = $"talkie-{Environment.MachineName}-{Environment.ProcessId}-jobs";
        });

        // Webhook deliveries have workers of their own, so a long render never holds them up.
        services.AddHangfireServer((sp, o) =>
        {
            o.WorkerCount = 2;
            o.Queues = [WebhookSender.Queue];
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.ServerName = $"talkie-{Environment.MachineName}-{Environment.ProcessId}-webhooks";
        });

        // A request with a key is an API call; any other is the studio's (its cookie).
        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "key or studio cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey("Authorization") || context.Request.Headers.ContainsKey("X-Api-Key") ? ApiKeyAuthenticationHandler.SchemeName : StudioScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(StudioScheme, o =>
            {
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/forbidden";
                o.Cookie.Name = "talkie.studio";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = async context =>
                {
                    // A revoked or expired key signs its studio sessions out too.
                    var keys = context.HttpContext.RequestServices.GetRequiredService<ApiKeyService>();
                    var id = context.Principal?.FindFirstValue(TalkieClaims.Key);
                    var (_, problem) = id is null ? (null, KeyProblem.Invalid) : await keys.CheckIdAsync(id, context.HttpContext.RequestAborted);
                    if (problem != KeyProblem.None)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(StudioScheme);
                    }
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(StudioPolicy, p => p.AddAuthenticationSchemes(StudioScheme).RequireAuthenticatedUser())
            .AddPolicy(StudioAdminPolicy, p => p.AddAuthenticationSchemes(StudioScheme).RequireRole(TalkieClaims.AdminRole))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(TalkieClaims.AdminRole));
        services.AddCascadingAuthenticationState();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RatePolicy, context =>
            {
                var key = context.User.FindFirstValue(TalkieClaims.Key) ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous";
                var plan = context.User.FindFirstValue(TalkieClaims.Plan);
                var options = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value;
                var limit = plan is not null && options.Plans.TryGetValue(plan, out var p) ? p.RequestsPerMinute : 600;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.OnRejected = async (context, token) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem("this key made more requests this minute than its plan allows; wait a minute", statusCode: 429, title: "Too many requests").ExecuteAsync(context.HttpContext);
            };
        });

        // Answers the framework gives without a message of its own (a wrong content type, method or route)
        // still say what was wrong and what to do.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Detail ??= ApiWording.ForStatus(c.HttpContext);
            c.ProblemDetails.Type ??= ApiWording.TypeFor(c.ProblemDetails.Status);
        });
        services.AddOutputCache();

        // Malformed JSON and wrong parameter types throw in every environment, so the answer names the problem.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());

            // A misspelt field ("fsp") is refused, naming it, instead of being ignored.
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        });
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddAntiforgery();
        services.AddHttpContextAccessor();
    }

    /// <summary>Maps the API, the studio, the documents and the dashboard.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A refused request is an answer, not a server error: it is not logged as one.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteProblemAsync,
            SuppressDiagnosticsCallback = context => context.Exception is ApiProblemException or UploadRejectedException or InvalidInputException or BadHttpRequestException,
        });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.UseOutputCache();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().CacheOutput(p => p.Expire(TimeSpan.FromHours(1)));
        app.MapScalarApiReference("/docs", o => o.WithTitle("Talkie API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapTalkieApi();
        app.MapStudio();
        app.UseHangfireDashboard("/jobs", new DashboardOptions
        {
            Authorization = [new AdminDashboardFilter()],
            AppPath = "/",
            DashboardTitle = "Talkie jobs",
        });
    }

    /// <summary>Creates the database and, on the first start, the first workspace and its administrator key (returned once).</summary>
    internal static async Task<string?> InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TalkieDb>();
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        if (await db.Workspaces.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var options = scope.ServiceProvider.GetRequiredService<IOptions<ServerOptions>>().Value;
        var workspace = new Workspace { Id = Ids.New("ws"), Name = "My workspace", Plan = options.DefaultPlan, CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var key = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync(workspace.Id, "first admin key", admin: true, null, cancellationToken).ConfigureAwait(false);
        return key.Key;
    }

    private static async Task WriteProblemAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, title, detail) = error switch
        {
            ApiProblemException api => (api.StatusCode, api.Title, api.Message),
            UploadRejectedException upload => (upload.StatusCode, upload.StatusCode switch { 413 => "Too large", 415 => "Unsupported media type", _ => "Bad upload" }, upload.Message),
            InvalidInputException input => (StatusCodes.Status400BadRequest, "Invalid input", input.Message),
            BadHttpRequestException bad when bad.InnerException is System.Text.Json.JsonException json => ApiWording.ForJson(json),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", ApiWording.ForBinding(bad.Message)),
            TalkieException talkie => (StatusCodes.Status503ServiceUnavailable, "Unavailable", talkie.Message),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected failure", "the server failed unexpectedly; its log has the details"),
        };
        if (status >= 500 && error is not null)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Talkie.Server").LogError(error, "Unhandled error on {Path}", context.Request.Path);
        }

        context.Response.StatusCode = status;
        detail = ApiWording.ForApi(detail, context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirectory);
        await Results.Problem(detail, statusCode: status, title: title, extensions: error is TalkieException t ? new Dictionary<string, object?> { ["code"] = t.Code } : null).ExecuteAsync(context);
    }
}

/// <summary>Prepares the database when the server starts, and keeps the first key to show it once.</summary>
public sealed class ServerInitializer(IServiceProvider services, IRecurringJobManager recurring) : IHostedService
{
    /// <summary>Gets the first administrator key, when this start made it (the first start on a new data folder).</summary>
    public string? FirstKey { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        FirstKey = await ServerHost.InitializeAsync(services, cancellationToken).ConfigureAwait(false);
        recurring.AddOrUpdate<CacheTrimmer>(CacheTrimmer.JobId, t => t.TrimAsync(CancellationToken.None), "*/15 * * * *");
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
