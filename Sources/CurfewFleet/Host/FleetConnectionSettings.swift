import CurfewCore
import Foundation
import NIOCore
import NIOSSL
import PostgresNIO

/// The configuration turned into postgres-nio's, with the password read from its root-only file.
enum FleetConnectionSettings {
    static func make(_ fleet: FleetConfiguration) throws(FleetError) -> PostgresConnection.Configuration {
        let password = try fleet.passwordFile.map { path throws(FleetError) in try readPassword(path) }
        if let socket = fleet.unixSocketPath {
            // As libpq: TLS does not apply to a Unix socket, whose peer the kernel vouches for.
            var configuration = PostgresConnection.Configuration(
                unixSocketPath: socket,
                username: fleet.user,
                password: password,
                database: fleet.database
            )
            configuration.options.connectTimeout = .seconds(5)
            return configuration
        }
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch fleet.tls {
            case .disable:
                tls = .disable
            case .prefer, .require:
                var unchecked = TLSConfiguration.makeClientConfiguration()
                unchecked.certificateVerification = .none
                let context = try NIOSSLContext(configuration: unchecked)
                tls = fleet.tls == .prefer ? .prefer(context) : .require(context)
            case .verifyFull:
                var verified = TLSConfiguration.makeClientConfiguration()
                if let caFile = fleet.caFile {
                    guard FileManager.default.isReadableFile(atPath: caFile) else {
                        throw FleetError(.invalid, "fleet.ca_file \(caFile): cannot read it (missing, or not readable)")
                    }
                    verified.trustRoots = .file(caFile)
                }
                tls = .require(try NIOSSLContext(configuration: verified))
            }
        } catch let error as FleetError {
            throw error
        } catch {
            throw FleetError(.invalid, "cannot set up TLS for the fleet database: \(error)")
        }
        var configuration = PostgresConnection.Configuration(
            host: fleet.host,
            port: fleet.port,
            username: fleet.user,
            password: password,
            database: fleet.database,
            tls: tls
        )
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// The password file must be a regular file no one but its owner can read: a readable one is refused rather than
    /// used.
    static func readPassword(_ path: String) throws(FleetError) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value,
            attributes[.type] as? FileAttributeType == .typeRegular
        else {
            throw FleetError(.invalid, "fleet.password_file \(path): cannot read it (missing, or not a regular file)")
        }
        guard mode & 0o077 == 0 else {
            throw FleetError(
                .invalid,
                "fleet.password_file \(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it"
            )
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FleetError(.invalid, "fleet.password_file \(path): cannot read it as text")
        }
        let password = text.trimmingCharacters(in: .newlines)
        guard !password.isEmpty else { throw FleetError(.invalid, "fleet.password_file \(path) is empty") }
        return password
    }
}
