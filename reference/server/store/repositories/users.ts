/** @module User rows. */
import type { Kysely } from 'kysely'
import type { Database, NewUser, User } from '../schema.ts'

export interface UserRepository {
  findById(id: string): Promise<User | undefined>
  findByEmail(email: string): Promise<User | undefined>
  create(user: NewUser): Promise<User>
}

export const createUserRepository = (db: Kysely<Database>): UserRepository => ({
  findById: (id) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
  findByEmail: (email) =>
    db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst(),
  async create(user) {
    return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow()
  },
})
