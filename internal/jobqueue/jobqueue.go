// Package jobqueue is a test input of synth and the go-redis hook: a small
// application, a job queue (producers, a worker with a processing list,
// scheduled jobs, events) and a read-through cache, as go-redis applications
// write them.
package jobqueue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Run produces jobs, processes them and serves cached reads: rounds of
// each. It returns the first error that is not redis.Nil.
func Run(ctx context.Context, c *redis.Client, rounds int) error {
	for r := range rounds {
		if err := round(ctx, c, r); err != nil {
			return fmt.Errorf("round %d: %w", r, err)
		}
	}
	return nil
}

func round(ctx context.Context, c *redis.Client, r int) error {
	id := strconv.Itoa(r)
	// Produce: the job's hash, then the queue, in a transaction.
	_, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, "jobs:job:"+id, "state", "queued", "attempts", 0, "created", time.Unix(1700000000, 0))
		p.LPush(ctx, "jobs:queue:default", id)
		p.Incr(ctx, "jobs:stats:produced")
		return nil
	})
	if err != nil {
		return err
	}
	// Schedule a retry for later, and promote the due ones.
	if err := c.ZAdd(ctx, "jobs:scheduled", redis.Z{Score: float64(1700000000 + r), Member: id}).Err(); err != nil {
		return err
	}
	due, err := c.ZRangeByScore(ctx, "jobs:scheduled", &redis.ZRangeBy{Min: "-inf", Max: strconv.Itoa(1700000000 + r/2)}).Result()
	if err != nil {
		return err
	}
	for _, d := range due {
		if err := c.ZRem(ctx, "jobs:scheduled", d).Err(); err != nil {
			return err
		}
	}
	// Work: move a job to the processing list, run it, acknowledge it.
	job, err := c.BLMove(ctx, "jobs:queue:default", "jobs:processing", "RIGHT", "LEFT", time.Second).Result()
	if err != nil {
		return err
	}
	if err := c.HIncrBy(ctx, "jobs:job:"+job, "attempts", 1).Err(); err != nil {
		return err
	}
	state, err := c.HGet(ctx, "jobs:job:"+job, "state").Result()
	if err != nil {
		return err
	}
	if state != "queued" {
		return fmt.Errorf("job %s is %q", job, state)
	}
	_, err = c.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, "jobs:job:"+job, "state", "done")
		p.LRem(ctx, "jobs:processing", 1, job)
		p.Incr(ctx, "jobs:stats:done")
		p.Expire(ctx, "jobs:job:"+job, 24*time.Hour)
		return nil
	})
	if err != nil {
		return err
	}
	if err := c.Publish(ctx, "jobs:events", "done:"+job).Err(); err != nil {
		return err
	}
	// Cache: read through, with a TTL; a lock with SET NX.
	user := "cache:user:" + strconv.Itoa(r%5)
	if _, err := c.Get(ctx, user).Result(); errors.Is(err, redis.Nil) {
		if err := c.Set(ctx, user, `{"name":"u`+id+`"}`, 10*time.Minute).Err(); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if err := c.SetNX(ctx, "locks:report", id, 5*time.Second).Err(); err != nil {
		return err
	}
	if _, err := c.MGet(ctx, "cache:user:0", "cache:user:1", "cache:user:2").Result(); err != nil {
		return err
	}
	if _, err := c.TTL(ctx, user).Result(); err != nil {
		return err
	}
	n, err := c.LLen(ctx, "jobs:queue:default").Result()
	if err != nil {
		return err
	}
	if n != 0 {
		return fmt.Errorf("queue has %d jobs left", n)
	}
	return c.Del(ctx, "locks:report").Err()
}
