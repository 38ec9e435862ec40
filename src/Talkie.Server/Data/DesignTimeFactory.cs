using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Talkie.Server.Data;

/// <summary>Lets <c>dotnet ef migrations add NAME --project src/Talkie.Server</c> build the model without starting the server.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TalkieDb>
{
    public TalkieDb CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<TalkieDb>().UseSqlite("Data Source=design-time.db").Options);
}
