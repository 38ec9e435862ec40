using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Talkie.Server.Accounts;

namespace Talkie.Server.Components;

/// <summary>
/// A studio page. A page lives as long as the browser's connection, so it never holds a database
/// context: each operation runs in a scope of its own (fresh records, no two operations on one context).
/// </summary>
public abstract class StudioPage : ComponentBase
{
    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = default!;

    [Inject]
    private AuthenticationStateProvider Auth { get; set; } = default!;

    /// <summary>Gets the signed-in workspace.</summary>
    protected string Workspace { get; private set; } = string.Empty;

    /// <summary>Gets a value indicating whether the signed-in key is an administrator's.</summary>
    protected bool IsAdministrator { get; private set; }

    /// <summary>Runs an operation with a service from a scope of its own.</summary>
    protected async Task<T> With<TService, T>(Func<TService, Task<T>> operation)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(operation);
        await using var scope = Scopes.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Runs an operation with the services of a scope of its own.</summary>
    protected async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await using var scope = Scopes.CreateAsyncScope();
        return await operation(scope.ServiceProvider);
    }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        Workspace = user.WorkspaceId();
        IsAdministrator = user.IsInRole(TalkieClaims.AdminRole);
        await LoadAsync();
    }

    /// <summary>Loads the page's data (after the workspace is known).</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;
}
