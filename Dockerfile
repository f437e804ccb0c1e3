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

# aspnet, not runtime: the host serves HTTP (interactions, probes, metrics, calendar).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=publish /app ./
# The data folder is the volume; the app user (uid 1654 in .NET images) owns it.
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME ["/data"]
WORKDIR /data
ENV Dpse__Storage__LiteDb__Path=/data/dpse.db \
    Dpse__Http__Enabled=true \
    Dpse__Http__Urls=http://0.0.0.0:8080 \
    DOTNET_ENVIRONMENT=Production
EXPOSE 8080
# The bot probes its own /readyz (no curl in the image): unhealthy while the store does not answer or an enabled
# adapter is down. Exit code 3 from the main process means every enabled adapter stopped for good (see README).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "/app/Dpse.Bot.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/Dpse.Bot.dll"]
