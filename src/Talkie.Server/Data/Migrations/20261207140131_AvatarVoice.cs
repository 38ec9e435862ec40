using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Talkie.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class AvatarVoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Voice",
                table: "Avatars",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Voice",
                table: "Avatars");
        }
    }
}
