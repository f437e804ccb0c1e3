# syntax=docker/dockerfile:1
# Multi-stage: restore, build and test in the SDK image (a red test fails the image), publish, then run on the
# small runtime image as a non-root user with the data on a volume.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig Dpse.Bot.sln ./
COPY eng/ eng/
COPY config/ config/
COPY src/ src/
COPY tests/ tests/
COPY bench/ bench/
RUN dotnet restore Dpse.Bot.sln

FROM build AS test
RUN dotnet build Dpse.Bot.sln -c Release --no-restore && dotnet test --solution Dpse.Bot.sln -c Release --no-build

FROM test AS publish
RUN dotnet publish src/Dpse.Bot/Dpse.Bot.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
WORKDIR /app
COPY --from=publish /app ./
# The data folder is the volume; the app user (uid 1654 in .NET images) owns it.
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME ["/data"]
WORKDIR /data
ENV Dpse__Storage__LiteDb__Path=/data/dpse.db \
    DOTNET_ENVIRONMENT=Production
ENTRYPOINT ["dotnet", "/app/Dpse.Bot.dll"]
