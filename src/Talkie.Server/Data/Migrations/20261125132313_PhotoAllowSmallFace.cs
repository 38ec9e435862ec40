using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Talkie.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class PhotoAllowSmallFace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AllowSmallFace",
                table: "Avatars",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AllowSmallFace",
                table: "Avatars");
        }
    }
}
